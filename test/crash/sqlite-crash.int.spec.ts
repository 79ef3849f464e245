import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src/adapters/sqlite.event-store';
import { expectIntactAfterCrash, killChild, runAndKill } from './crash-harness';

const dir = mkdtempSync(join(tmpdir(), 'consult-crash-'));
const path = join(dir, 'events.db');

afterAll(() => {
  killChild();
  rmSync(dir, { recursive: true, force: true });
});

describe('sqlite crash safety', () => {
  it('keeps every acknowledged append, and no partial one, after SIGKILL mid-write', async () => {
    const { acknowledged, signal } = await runAndKill(['sqlite', path], 1500);
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
