import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src/adapters/sqlite.event-store';
import { expectIntactAfterCrash, killChild, runAndKill } from './crash-harness';

const dir = mkdtempSync(join(tmpdir(), 'consult-crash-'));

afterAll(() => {
  killChild();
  rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ['committing on the event loop', 'inline'],
  ['committing in the writer thread', 'thread'],
])('sqlite crash safety, %s', (_label, mode) => {
  it('keeps every acknowledged append, and no partial one, after SIGKILL mid-write', async () => {
    const path = join(dir, `${mode}.db`);
    const { acknowledged, signal } = await runAndKill(['sqlite', path, mode], 1500);
    expect(signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThan(20);
    const store = await SqliteEventStore.open({ path });
    try {
      await expectIntactAfterCrash(store, acknowledged, randomUUID());
    } finally {
      await store.close();
    }
  }, 30000);
});
