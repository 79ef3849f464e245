import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { Pool } from 'undici';
import { SMTPServer } from 'smtp-server';
import type { EmailMessage } from '@consult/notifications';

/** A local peer that counts what it accepted. */
export interface CountingPeer {
  url: string;
  accepted(): number;
  close(): Promise<void>;
}

/**
 * An in-process SMTP server that accepts every message without parsing it (the stream is only
 * drained): a cheap sink, so that the figures measure the senders, not the receiver.
 */
export async function startCountingSmtpSink(): Promise<CountingPeer> {
  let accepted = 0;
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      stream.on('end', () => { accepted += 1; callback(); });
      stream.resume();
    },
  });
  server.on('error', () => undefined); // a sender's reset socket, not the sink's failure
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, accepted: () => accepted, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A plain node:http receiver answering 204 to every request once its body has arrived. */
export async function startCountingReceiver(): Promise<CountingPeer> {
  let accepted = 0;
  const server = http.createServer((request, response) => {
    request.on('end', () => { accepted += 1; response.writeHead(204).end(); });
    request.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/consult`,
    accepted: () => accepted,
    close: async () => { server.closeAllConnections(); await new Promise<void>((resolve) => server.close(() => resolve())); },
  };
}

/** One message as the e-mail channel hands it to nodemailer: the rendered message, its sender and Message-ID. */
export interface PreparedMail {
  from: string;
  message: EmailMessage;
  messageId: string;
}

/**
 * The e-mail ceiling: nodemailer with a pooled transport (the channel's pool options) sending
 * the prepared messages straight to the peer, all queued at once on the pool.
 */
export async function sendMailDirect(smtpUrl: string, poolOptions: Record<string, unknown>, mails: readonly PreparedMail[]): Promise<void> {
  const transport = createTransport({ ...poolOptions, url: smtpUrl, pool: true });
  try {
    await Promise.all(mails.map(({ from, message, messageId }) => transport.sendMail({
      from, to: message.to, subject: message.subject, text: message.text, html: message.html, headers: message.headers, messageId,
    })));
  } finally {
    transport.close();
  }
}

/** One signed webhook request, ready to POST. */
export interface PreparedPost {
  body: string;
  headers: Record<string, string>;
}

/** The webhook ceiling: a bare loop of POSTs, `concurrency` at once, over a keep-alive agent. */
export async function postAllDirect(url: string, posts: readonly PreparedPost[], concurrency: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  try {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < posts.length) await postOnce(url, posts[next++], agent);
    }));
  } finally {
    agent.destroy();
  }
}

function postOnce(url: string, { body, headers }: PreparedPost, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
      response.resume();
      if (response.statusCode && response.statusCode >= 200 && response.statusCode < 300) resolve();
      else reject(new Error(`webhook ceiling: HTTP ${response.statusCode}`));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * A reference beside the ceiling (not the ceiling): the same loop over undici's pool, the client
 * the webhook channel uses, so the log shows what the engine adds over its own client as well as
 * over `node:http`.
 */
export async function postAllUndici(url: string, posts: readonly PreparedPost[], concurrency: number): Promise<void> {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections: concurrency });
  let next = 0;
  try {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < posts.length) {
        const { body, headers } = posts[next++];
        const response = await pool.request({ path: pathname, method: 'POST', headers, body });
        await response.body.dump();
        if (response.statusCode < 200 || response.statusCode >= 300) throw new Error(`webhook reference: HTTP ${response.statusCode}`);
      }
    }));
  } finally {
    await pool.destroy();
  }
}
