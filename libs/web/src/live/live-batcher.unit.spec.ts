import { performance } from 'node:perf_hooks';
import { LiveBatch, LiveBatcher } from './live-batcher';
import type { LiveMessage } from './live-hub';

const message = (position: number, size = 10): LiveMessage =>
  ({ position, consultationId: 'c', frame: Buffer.from(`id: ${position}\n`.padEnd(size, '.')) });
const turn = () => new Promise((resume) => setImmediate(resume));
const sleep = (ms: number) => new Promise((resume) => setTimeout(resume, ms));
/** Holds the thread, as writing to many sockets does. */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('the live batcher', () => {
  it('sends the messages of one task as one batch, their frames joined in order', async () => {
    const sent: LiveBatch[] = [];
    const batcher = new LiveBatcher((batch) => sent.push(batch), { spacing: 0, maxWaitMs: 25, maxBytes: 1 << 20 });
    [1, 2, 3].forEach((p) => batcher.add(message(p)));
    expect(sent).toHaveLength(0);
    await turn();
    expect(sent.map((b) => b.messages.map((m) => m.position))).toEqual([[1, 2, 3]]);
    expect(sent[0].frame.toString()).toBe([1, 2, 3].map((p) => message(p).frame.toString()).join(''));
  });

  it('sends a lone message as soon as its task is done when the last batch is long past', async () => {
    const sent: number[] = [];
    const batcher = new LiveBatcher((batch) => sent.push(batch.messages.length), { spacing: 3, maxWaitMs: 1000, maxBytes: 1 << 20 });
    batcher.add(message(1));
    await turn();
    batcher.add(message(2));
    await turn();
    expect(sent).toEqual([1, 1]);
  });

  it('spaces batches by a multiple of the time the last one took to write, gathering what comes meanwhile', async () => {
    const sent: { at: number; positions: number[] }[] = [];
    const batcher = new LiveBatcher((batch) => {
      sent.push({ at: performance.now(), positions: batch.messages.map((m) => m.position) });
      busy(20);
    }, { spacing: 3, maxWaitMs: 1000, maxBytes: 1 << 20 });
    batcher.add(message(1));
    await turn();
    batcher.add(message(2));
    await sleep(5);
    batcher.add(message(3));
    await sleep(100);
    expect(sent.map((s) => s.positions)).toEqual([[1], [2, 3]]);
    expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(20 + 3 * 20 - 2);
  });

  it('never waits longer than the most it is allowed', async () => {
    const sent: number[] = [];
    const batcher = new LiveBatcher((batch) => {
      sent.push(performance.now());
      busy(20);
    }, { spacing: 20, maxWaitMs: 5, maxBytes: 1 << 20 });
    batcher.add(message(1));
    await turn();
    batcher.add(message(2));
    await sleep(200);
    // Unbounded, the spacing alone would have waited 400 ms.
    expect(sent).toHaveLength(2);
    expect(sent[1] - sent[0]).toBeLessThan(200);
  });

  it('sends at once when the pending frames reach the size limit', () => {
    const sent: number[][] = [];
    const batcher = new LiveBatcher((batch) => sent.push(batch.messages.map((m) => m.position)), { spacing: 0, maxWaitMs: 25, maxBytes: 100 });
    [1, 2, 3, 4, 5].forEach((p) => batcher.add(message(p, 40)));
    expect(sent).toEqual([[1, 2, 3]]);
    batcher.flush();
    expect(sent).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('drops what is pending when cleared', async () => {
    const sent: LiveBatch[] = [];
    const batcher = new LiveBatcher((batch) => sent.push(batch), { spacing: 0, maxWaitMs: 25, maxBytes: 1 << 20 });
    batcher.add(message(1));
    batcher.clear();
    await turn();
    expect(sent).toHaveLength(0);
  });
});
