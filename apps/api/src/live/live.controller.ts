import type { OutgoingHttpHeaders } from 'node:http';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SocketSink, parseStreamRequest } from '@consult/web';
import { requestCaller } from '../auth/request-caller';
import { LiveStreams } from './live-streams';

/** What keeps a stream flowing through caches and proxies (nginx buffers unless told not to). */
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

@ApiTags('live')
@Controller('api/events')
export class LiveController {
  constructor(@Inject(LiveStreams) private readonly streams: LiveStreams) {}

  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume strictly after this position (the `id` of the last message received)' })
  @ApiOperation({ summary: 'Public events as Server-Sent Events: `id` the store position, `event` the type, `data` one line of JSON' })
  async stream(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { after, consultationId } = parseStreamRequest(request.headers['last-event-id'], request.query as Record<string, unknown>);
    const connection = this.streams.connect(clientOf(request), new SocketSink(reply.raw), consultationId);
    try {
      await connection.open();
    } catch (error) {
      connection.close();
      throw error;
    }
    // From here the response is written by hand, for as long as the client stays.
    reply.hijack();
    reply.raw.writeHead(200, { ...(reply.getHeaders() as OutgoingHttpHeaders), ...STREAM_HEADERS });
    void connection.run(after);
  }
}

/** The cap's key: a token's subject (however many addresses it comes from), else the address. */
function clientOf(request: FastifyRequest): string {
  const caller = requestCaller(request);
  return caller.kind === 'token' ? `sub:${caller.sub}` : `ip:${request.ip}`;
}
