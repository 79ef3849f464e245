import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';

/**
 * The SSE benchmark's peer, run as its own process (`node -r ./tools/register.js <this file>`):
 * a bare Fastify server that prints `port <n>`, keeps every `GET /stream` response and writes
 * each frame `POST /publish` brings to all of them, with nothing else on the way.
 */
export const BARE_BROADCAST = __filename;

/** The peer's process: `GET /stream` keeps a raw response, `POST /publish` writes the posted frame to all. */
async function main(): Promise<void> {
  const app = Fastify();
  const clients = new Set<ServerResponse>();
  app.get('/stream', (_request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' });
    reply.raw.write('retry: 2000\n\n');
    clients.add(reply.raw);
    reply.raw.on('close', () => clients.delete(reply.raw));
  });
  // `receivedAt` is this process's intake time: the analogue of an event's `recordedAt` in the api.
  app.post('/publish', async (request) => {
    const receivedAt = Date.now();
    const frame = Buffer.from(request.body as string);
    for (const client of clients) client.write(frame);
    return { clients: clients.size, receivedAt };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`port ${(app.server.address() as AddressInfo).port}\n`);
}

if (require.main === module) void main();
