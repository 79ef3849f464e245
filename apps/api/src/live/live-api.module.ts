import { Module } from '@nestjs/common';
import { errorStatusTable } from '@consult/http';
import { MetricsModule } from '@consult/observability';
import { LiveController } from './live.controller';
import { LiveStreams } from './live-streams';

errorStatusTable.register({ 'LIVE.TOO_MANY_STREAMS': 429 });

/** `GET /api/events/stream`: public events as Server-Sent Events, one store subscription for every client. */
@Module({
  imports: [MetricsModule],
  controllers: [LiveController],
  providers: [LiveStreams],
})
export class LiveApiModule {}
