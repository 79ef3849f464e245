import { ServerResponse, createServer, get } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { SocketSink, httpChunk } from './socket-sink';

/** A server whose every response is handed to `serve` with its headers written, as the live controller does. */
async function serverWith(serve: (sink: SocketSink, response: ServerResponse) => void) {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    serve(new SocketSink(response), response);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, port: (server.address() as AddressInfo).port };
}

const frames = ['retry: 2000\n\n', Buffer.from('id: 1\nevent: A\ndata: {"a":"é"}\n\n'), ': heartbeat\n\n', Buffer.from('id: 2\nevent: B\ndata: {}\n\n')];
const expected = frames.map(String).join('');

describe('a socket sink', () => {
  it('frames its writes as HTTP/1.1 chunks an HTTP client reads back intact, then ends the body', async () => {
    const { server, port } = await serverWith((sink) => {
      frames.forEach((frame) => sink.write(frame));
      sink.end();
    });
    const body = await new Promise<string>((resolve, reject) => get(`http://127.0.0.1:${port}/`, (response) => {
      expect(response.headers['transfer-encoding']).toBe('chunked');
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
    }).on('error', reject));
    expect(body).toBe(expected);
    server.close();
  });

  it('writes the bytes as they are to an HTTP/1.0 client (no chunked encoding there)', async () => {
    const { server, port } = await serverWith((sink) => {
      frames.forEach((frame) => sink.write(frame));
      sink.end();
    });
    const raw = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve(text));
    });
    expect(raw.slice(raw.indexOf('\r\n\r\n') + 4)).toBe(expected);
    server.close();
  });

  it('counts what waits in the socket, and tells when it has drained', async () => {
    let measured: { full: boolean; waiting: number; drained: boolean } | undefined;
    const { server, port } = await serverWith((sink) => {
      sink.write('retry: 2000\n\n');
      const big = Buffer.alloc(4 << 20, 'a');
      const full = !sink.write(big);
      const waiting = sink.writableLength;
      sink.once('drain', () => {
        measured = { full, waiting, drained: true };
        sink.end();
      });
    });
    await new Promise<void>((done) => get(`http://127.0.0.1:${port}/`, (response) => response.resume().on('end', done)));
    expect(measured?.full).toBe(true);
    expect(measured?.waiting).toBeGreaterThan(0);
    expect(measured?.drained).toBe(true);
    server.close();
  });

  it('builds one chunk for the same frame written to many sockets', () => {
    const frame = Buffer.from('id: 3\n\n');
    expect(httpChunk(frame)).toBe(httpChunk(frame));
    expect(httpChunk(frame).toString()).toBe('7\r\nid: 3\n\n\r\n');
  });
});
