import { Module } from '@nestjs/common';

/** `GET /api/events/stream`: public events as Server-Sent Events, one store subscription for every client. */
@Module({})
export class LiveApiModule {}
