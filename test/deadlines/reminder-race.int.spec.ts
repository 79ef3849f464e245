import type { DataSource } from 'typeorm';
import { DueReminder, ReminderScheduler } from '@consult/deadlines';
import { Engine, postgresBackend, type Backend } from './deadlines.harness';

const CONSULTATIONS = 40;

/** DESIGN "Background work": any number of processes on PostgreSQL, every reminder exactly once. */
describe('reminder schedulers racing on postgres', () => {
  let backend: Backend;
  let engine: Engine;
  let other: DataSource;

  beforeAll(async () => {
    backend = await postgresBackend();
    other = await backend.connect();
    engine = new Engine(backend);
    await engine.start();
  });

  afterAll(async () => {
    engine.stop();
    await other.destroy();
    await backend.cleanup();
  });

  it('sends each reminder once when two processes claim the same due reminders at once', async () => {
    for (let i = 0; i < CONSULTATIONS; i += 1) await engine.openRound('2026-03-30T23:59:00+02:00');
    await engine.caughtUp();
    const got: DueReminder[][] = [[], []];
    // Small batches, so that the two claimers meet on many of them.
    const schedulers = [new ReminderScheduler(backend.db, 7), new ReminderScheduler(other, 7)];
    const sent = await Promise.all(schedulers.map((scheduler, i) =>
      scheduler.runDue('2026-03-29T22:00:00Z', { lateAfterMs: 60_000 }, async (_manager, due) => { got[i].push(...due); })));
    const ids = [...got[0], ...got[1]].map((due) => due.id);
    expect(ids).toHaveLength(CONSULTATIONS * 2);
    expect(new Set(ids).size).toBe(CONSULTATIONS * 2);
    expect(sent[0].length + sent[1].length).toBe(CONSULTATIONS * 2);
    expect(await schedulers[0].runDue('2026-03-29T22:00:00Z', { lateAfterMs: 60_000 }, async () => undefined)).toEqual([]);
  });
});
