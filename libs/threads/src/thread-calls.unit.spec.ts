import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ThreadCallTimeout, ThreadCalls, ThreadEnded } from './thread-calls';

/*
 * A real thread (plain JavaScript, no loader needed): it echoes `{seq, value}` after
 * `delay` ms, exits on `exit`, ignores `silent`, and announces itself without a seq.
 */
const ECHO = `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ hello: true });
parentPort.on('message', (m) => {
  if (m.exit) process.exit(3);
  if (m.silent) return;
  setTimeout(() => parentPort.postMessage({ seq: m.seq, value: m.value, failed: m.fail }), m.delay ?? 0);
});`;

type Reply = { seq: number; value: string; failed?: string };

describe('ThreadCalls', () => {
  let worker: Worker;
  let calls: ThreadCalls<Reply, string>;

  beforeEach(() => {
    worker = new Worker(ECHO, { eval: true });
    calls = new ThreadCalls<Reply, string>(worker, 'echo', (reply) => {
      if (reply.failed) throw new Error(reply.failed);
      return reply.value;
    });
  });

  afterEach(async () => {
    await worker.terminate();
  });

  it('gives each caller the reply carrying its own sequence number, whatever the order of replies', async () => {
    const slow = calls.call((seq) => ({ seq, value: 'slow', delay: 40 }));
    const fast = calls.call((seq) => ({ seq, value: 'fast', delay: 0 }));
    expect(await Promise.all([slow, fast])).toEqual(['slow', 'fast']);
    expect(calls.inFlight).toBe(0);
  });

  it('rejects a call whose reply decodes to an error', async () => {
    await expect(calls.call((seq) => ({ seq, value: 'x', fail: 'refused' }))).rejects.toThrow('refused');
    expect(calls.inFlight).toBe(0);
  });

  it('rejects a call that is not answered in time, and ignores its late reply', async () => {
    const late = calls.call((seq) => ({ seq, value: 'late', delay: 200 }), 20);
    await expect(late).rejects.toBeInstanceOf(ThreadCallTimeout);
    expect(calls.inFlight).toBe(0);
    expect(await calls.call((seq) => ({ seq, value: 'next' }))).toBe('next');
  });

  it('rejects every waiting call when the thread exits', async () => {
    const waiting = [calls.call((seq) => ({ seq, silent: true })), calls.call((seq) => ({ seq, silent: true }))];
    expect(calls.inFlight).toBe(2);
    worker.postMessage({ exit: true });
    for (const call of waiting) await expect(call).rejects.toThrow(ThreadEnded);
    await expect(waiting[0]).rejects.toThrow('echo thread exited (code 3) with calls in flight');
    expect(calls.inFlight).toBe(0);
  });

  it('hands the messages that answer no call to the owner', async () => {
    const seen: unknown[] = [];
    const other = new Worker(ECHO, { eval: true });
    const otherCalls = new ThreadCalls<Reply, string>(other, 'other', (reply) => reply.value, (message) => seen.push(message));
    try {
      expect(await otherCalls.call((seq) => ({ seq, value: 'v' }))).toBe('v');
      expect(seen).toEqual([{ hello: true }]);
    } finally {
      await other.terminate();
    }
  });

  it('holds the process open while a call is in flight, and not once it is answered', async () => {
    // A process whose only work is one slow call: it prints the answer (the thread was
    // referenced meanwhile) and then ends by itself (idle, the thread is unreferenced).
    const script = `
      const { Worker } = require('node:worker_threads');
      const { ThreadCalls } = require(${JSON.stringify(join(__dirname, 'thread-calls.ts'))});
      const calls = new ThreadCalls(new Worker(${JSON.stringify(ECHO)}, { eval: true }), 'echo', (r) => r.value);
      calls.call((seq) => ({ seq, value: 'answered', delay: 300 })).then((v) => console.log(v));`;
    const root = join(__dirname, '..', '..', '..');
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-r', './tools/register.js', '-e', script], { cwd: root, timeout: 15_000 }, (error, out) => (error ? reject(error) : resolve(out)));
    });
    expect(stdout.trim()).toBe('answered');
  });
});
