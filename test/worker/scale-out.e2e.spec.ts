import { Client } from 'pg';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '@consult/event-store/testing';
import { clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { SpawnedApp, spawnApp, stopAll, tempDir } from '../support/spawn-app';

/**
 * Issue 10's "many processes": an api that leaves the background work to workers
 * (CONSULT_BACKGROUND=off) and two workers on one PostgreSQL, on the system clock. A thousand
 * deadlines with a reminder each fall due together; one worker is SIGKILLed while the deadlines
 * fire; the other finishes. Every deadline fires once and every subscriber gets each reminder
 * and each closing notice exactly once.
 */
const COUNT = 1000;
const REMINDER_S = 15;
const SUBSCRIBERS = [
  { sub: 'secretariat:scale', token: tokens.sign({ sub: 'secretariat:scale', role: 'secretariat', name: 'Secretariat' }), language: 'en' },
  { sub: 'participant:scale-bra', token: tokens.sign({ sub: 'participant:scale-bra', role: 'participant', group: 'member-state', org: 'BRA' }), language: 'ar' },
];

jest.setTimeout(400_000);

/** Runs `work` over `items` with `width` in flight. */
async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, apps: SpawnedApp[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${apps.map((a) => a.output.stderr.slice(-2000)).join('\n---\n')}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

describe('two workers and an api without background work on one PostgreSQL', () => {
  const url = testDatabaseUrl();
  const schema = uniqueSchema('e2e_scale');
  const data = tempDir();
  const db = new Client({ connectionString: url });
  const env = { CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: url, CONSULT_DATABASE_SCHEMA: schema, CONSULT_SQLITE_PATH: `${data.path}/consult.db` };
  let api: RunningApi;
  const workers: SpawnedApp[] = [];
  const count = async (sql: string): Promise<number> => Number((await db.query(sql)).rows[0].n);
  /** Every read model includes every stored event. */
  const caughtUp = async (): Promise<boolean> => (await count(`SELECT min(position) AS n FROM "${schema}".rm_checkpoint`))
    >= (await count(`SELECT coalesce(max(position), 0) AS n FROM "${schema}".events`));

  beforeAll(async () => {
    await db.connect();
    api = await startApi({ ...env, CONSULT_BACKGROUND: 'off' });
    for (let i = 0; i < 2; i += 1) workers.push(spawnApp('worker', { ...env, LOG_LEVEL: 'info' }));
    await until('the workers to be ready', async () => workers.every((w) => /"msg":"ready/.test(w.output.stdout)), 60_000, workers);
  });

  afterAll(async () => {
    await stopAll();
    await db.end();
    await dropSchemas(url, [schema]);
    data.remove();
  });

  it('fires every deadline once and creates every reminder once in each feed, though a worker is killed mid-run', async () => {
    const call = clientFor(api.baseUrl);
    for (const s of SUBSCRIBERS) {
      const answer = await call('POST', '/api/subscriptions', s.token, { channel: 'webhook', address: `http://127.0.0.1:9/${s.language}`, language: s.language });
      expect(answer.status).toBe(201);
    }
    const ids: string[] = [];
    const launching = Date.now();
    await inParallel(Array.from({ length: COUNT }, (_, i) => i), 12, async (i) => {
      const launched = await call('POST', '/api/consultations', 'secretariat', {
        workflow: 'council-approval', title: { en: `Consultation ${i}` }, eligibleGroups: ['member-state'], timezone: 'UTC', reminderOffsets: [`PT${REMINDER_S}S`],
      });
      expect(launched.status).toBe(201);
      const drafted = await call('POST', `/api/consultations/${launched.body.id}/commands`, 'secretariat', {
        type: 'publishDraft', payload: { documentRef: `D${i}`, version: '1', sections: [{ number: '1', title: 'Scope' }] },
      });
      expect(drafted.status).toBe(200);
      ids.push(launched.body.id);
    });
    // The workers fold the events into the read models (a reminder is planned from them); on a
    // loaded machine they trail the commands by tens of seconds, so the time they took counts.
    await until('the read models to include every launch', caughtUp, 300_000, [api, ...workers]);
    // All the rounds close at the same instant, and their reminders fall due together before it:
    // late enough that every round is open before its reminder is due, however loaded the machine
    // (opening takes about half as long as launching and publishing did).
    const closesInMs = Math.max(30_000, Math.round((Date.now() - launching) * 1.2) + (REMINDER_S + 5) * 1000);
    const closesAt = new Date(Date.now() + closesInMs).toISOString();
    await inParallel(ids, 12, async (id) => {
      const opened = await call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type: 'openConsultation', payload: { closesAt } });
      expect(opened.status).toBe(200);
    });
    const remindersDueAt = Date.parse(closesAt) - REMINDER_S * 1000;
    await until('the read models to plan every reminder', caughtUp, closesInMs, [api, ...workers]);
    // Every reminder was planned ahead of its time (else it may rightly be found `missed`).
    expect({ planned: await count(`SELECT count(*) AS n FROM "${schema}".rm_reminder`), early: Date.now() < remindersDueAt }).toEqual({ planned: COUNT, early: true });

    const closed = () => count(`SELECT count(*) AS n FROM "${schema}".events WHERE type = 'ConsultationClosed'`);
    await until('the first closings', async () => (await closed()) > 0, closesInMs + 60_000, [api, ...workers]);
    process.kill(workers[0].pid, 'SIGKILL');
    const killedAt = await closed();

    const feed = (type: string, sub: string) => count(`SELECT count(*) AS n FROM "${schema}".notification WHERE type = '${type}' AND "ownerSub" = '${sub}'`);
    await until('every closing and its notices', async () => (await closed()) >= COUNT
      && (await Promise.all(SUBSCRIBERS.map((s) => feed('consultation.closed', s.sub)))).every((n) => n >= COUNT), 120_000, [api, workers[1]]);

    expect(await closed()).toBe(COUNT);
    expect(await count(`SELECT count(DISTINCT stream) AS n FROM "${schema}".events WHERE type = 'ConsultationClosed'`)).toBe(COUNT);
    expect(await count(`SELECT count(*) AS n FROM "${schema}".reminder_sent WHERE status = 'sent'`)).toBe(COUNT);
    for (const s of SUBSCRIBERS) {
      expect(await feed('deadline.reminder', s.sub)).toBe(COUNT);
      expect(await feed('consultation.closed', s.sub)).toBe(COUNT);
      expect(await count(`SELECT count(DISTINCT "consultationId") AS n FROM "${schema}".notification WHERE type = 'deadline.reminder' AND "ownerSub" = '${s.sub}'`)).toBe(COUNT);
    }
    // The feed over HTTP agrees, in the subscriber's language.
    const arabic = await call('GET', '/api/notifications?limit=5', SUBSCRIBERS[1].token);
    expect(arabic.status).toBe(200);
    // Per consultation: launched, draft published, opened, the reminder, closed.
    expect(arabic.body.total).toBe(COUNT * 5);
    expect(arabic.body.items[0].language).toBe('ar');
    expect(await workers[0].exited).toBe('SIGKILL');
    expect(killedAt).toBeLessThanOrEqual(COUNT);
  });
});
