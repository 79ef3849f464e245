import type { EventStore } from '@consult/event-store';
import type { MerkleLog } from './merkle-log';
import { MerkleLogFollower } from './merkle-log.follower';
import type { TreeGrower } from './tree-grower';

/** A grower whose passes reach `stored` (the events stored when the pass began), each held until released. */
function heldGrower() {
  const state = { stored: 0, tree: 0, passes: 0, release: [] as (() => void)[] };
  const grower: TreeGrower = {
    async grow(_covered, grown) {
      state.passes += 1;
      const target = state.stored;
      await new Promise<void>((resolve) => state.release.push(resolve));
      state.tree = target;
      grown(target);
    },
  };
  const log = { nodes: { size: async () => state.tree } } as unknown as MerkleLog;
  return { state, grower, log };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('MerkleLogFollower', () => {
  it('answers a reader who asked during a pass for leaves stored after it began without waiting for the busy tick', async () => {
    const { state, grower, log } = heldGrower();
    // A tick of 250 ms: after a pass that grew the tree the next would wait a second.
    const follower = new MerkleLogFollower({} as EventStore, log, undefined, undefined, 250, grower);
    state.stored = 10;
    await follower.start();
    await settle();
    expect(state.passes).toBe(1);
    // While that pass runs, 5 more events are stored and a reader asks for all 15.
    state.stored = 15;
    const started = Date.now();
    const answered = follower.waitFor(15);
    state.release.shift()!();
    await settle();
    // The first pass reached 10; the next starts at once for the reader, and reaches 15.
    expect(state.passes).toBe(2);
    state.release.shift()!();
    await expect(answered).resolves.toBe(15);
    expect(Date.now() - started).toBeLessThan(500);
    const stopping = follower.stop();
    state.release.forEach((release) => release());
    await stopping;
  });
});
