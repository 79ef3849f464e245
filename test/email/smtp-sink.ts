import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An SMTP reply the sink gives a recipient instead of accepting it. */
export interface Refusal {
  responseCode: number;
  message: string;
}

/** A real SMTP server in this process: it keeps what it receives, parsed, and refuses the recipients it is told to. */
export interface SmtpSink {
  url: string;
  received: ParsedMail[];
  refuse(address: string, refusal: Refusal): void;
  /** The one raw header line named `name` of a message, unfolded (mailparser turns some headers into objects). */
  header(message: ParsedMail, name: string): string | undefined;
  close(): Promise<void>;
}

/** Starts a sink on a free loopback port, without TLS or AUTH (a relay inside a trusted network). */
export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  const refusals = new Map<string, Refusal>();
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.responseCode }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => { received.push(mail); callback(); }, callback);
    },
  });
  // A client killed mid-session (the scale-out tests SIGKILL a worker) resets its socket; a real relay logs that and goes on.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (address, refusal) => refusals.set(address.toLowerCase(), refusal),
    header: (message, name) => {
      const line = message.headerLines.find((h) => h.key === name.toLowerCase())?.line;
      return line?.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
