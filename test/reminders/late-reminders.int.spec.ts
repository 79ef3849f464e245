import 'reflect-metadata';
import { Test, TestingModule } from '@nestjs/testing';
import type { Caller } from '@consult/auth';
import { BackgroundWork } from '@consult/background';
import { Clock } from '@consult/clock';
import { loadConfig } from '@consult/config';
import { ConsultationsService, RequestContext } from '@consult/consultation';
import { FeedService, SubscriptionsService } from '@consult/notifications';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../libs/event-store/src/adapters/postgres.test-database';
import { TEST_JWT_SECRET, tempDir } from '../support/spawn-app';

jest.setTimeout(60_000);

/**
 * The system clock, shifted: stopping the engine and moving the shift on is two minutes of
 * downtime in no time. Its kind is `system`, so a reminder more than 60 s overdue is late.
 */
class ShiftedSystemClock extends Clock {
  readonly kind = 'system';
  shiftMs = 0;
  now(): Date {
    return new Date(Date.now() + this.shiftMs);
  }
}

const SECRETARIAT: Caller = { kind: 'token', sub: 'secretariat:late', role: 'secretariat' };
const EGYPT: Caller = { kind: 'token', sub: 'participant:egy', role: 'participant', group: 'member-state', org: 'EGY' };
const ctx: RequestContext = { caller: SECRETARIAT, correlationId: 'late-reminders', causationId: 'late-reminders' };
const SECOND = 1000;

const schema = uniqueSchema('int_late_reminders');
/**
 * PostgreSQL only: restarting the SQLite engine inside one process finds the read models
 * still locked by the stopped one ("database is locked"); a real restart is a new process.
 */
const STORES: [string, () => Record<string, string>][] = [
  ['postgres', () => ({ CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: testDatabaseUrl(), CONSULT_DATABASE_SCHEMA: schema })],
];

describe.each(STORES)('a reminder that fell due while the engine was down (system clock, %s)', (_store, storeEnv) => {
  const data = tempDir('consult-late-');
  const clock = new ShiftedSystemClock();
  let engine: TestingModule;
  let ahead: string;
  let passed: string;

  /** The worker's modules (the background work and its timer included) on the shifted clock. */
  async function startEngine(): Promise<TestingModule> {
    const config = loadConfig({ CONSULT_JWT_SECRET: TEST_JWT_SECRET, CONSULT_SQLITE_PATH: `${data.path}/consult.db`, LOG_LEVEL: 'error', ...storeEnv() });
    const built = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] }).overrideProvider(Clock).useValue(clock).compile();
    return built.init();
  }

  /** Launches a round in Paris that closes `closesIn` from now with one reminder `offset` before; answers its id. */
  async function round(closesIn: number, offset: string): Promise<string> {
    const consultations = engine.get(ConsultationsService);
    const title = { en: 'Numbering plan', ar: 'خطة الترقيم' };
    const { id } = await consultations.launch({ workflow: 'council-approval', title, eligibleGroups: ['member-state'], timezone: 'Europe/Paris', reminderOffsets: [offset] }, ctx);
    for (const who of [SECRETARIAT, EGYPT]) {
      await engine.get(SubscriptionsService).subscribe(who, { consultationId: id, channel: 'webhook', address: 'https://hooks.example.org/c', language: who === EGYPT ? 'ar' : 'en' });
    }
    await consultations.execute(id, { type: 'publishDraft', payload: { documentRef: 'C26/40', version: '1' } }, ctx);
    const closesAt = new Date(clock.now().getTime() + closesIn).toISOString();
    await consultations.execute(id, { type: 'openConsultation', payload: { closesAt } }, ctx);
    return id;
  }

  const feed = async (who: Caller, consultationId: string, type: string) =>
    (await engine.get(FeedService).list(who, { limit: 100 })).items.filter((item) => item.consultationId === consultationId && item.type === type);

  beforeAll(async () => {
    engine = await startEngine();
    // Its reminder falls due in 30 s; its round closes an hour after that.
    ahead = await round(3600 * SECOND + 30 * SECOND, 'PT1H');
    // Its reminder falls due in 20 s; its round closes 30 s after that, during the downtime.
    passed = await round(50 * SECOND, 'PT30S');
    await engine.close();
    clock.shiftMs += 120 * SECOND;
    engine = await startEngine();
    await engine.get(BackgroundWork).runDue(true);
  });
  afterAll(async () => {
    await engine?.close();
    data.remove();
    await dropSchemas(testDatabaseUrl(), [schema]);
  });

  it('sends it at start-up, about 90 s late, marked late in English', async () => {
    const [reminder, ...more] = await feed(SECRETARIAT, ahead, 'deadline.reminder');
    expect(more).toEqual([]);
    // Late: when it closes rather than how long before, which would no longer be true.
    expect(reminder.title).toMatch(/^Late reminder: Numbering plan closes on .+ \(Europe\/Paris, UTC\+01:00\)$/);
    expect(reminder.body).toMatch(/^This reminder, due 1 hour before the deadline, is sent late\./);
  });

  it('marks it late in Arabic too', async () => {
    const [reminder, ...more] = await feed(EGYPT, ahead, 'deadline.reminder');
    expect(more).toEqual([]);
    expect(reminder.title).toMatch(/^تذكير متأخر: إغلاق المشاورة «خطة الترقيم» في .+ \(Europe\/Paris, UTC\+01:00\)$/);
    expect(reminder.body).toContain('متأخرًا');
  });

  it('does not send a reminder whose deadline passed during the downtime, and closes that round late', async () => {
    expect(await feed(SECRETARIAT, passed, 'deadline.reminder')).toEqual([]);
    expect(await feed(EGYPT, passed, 'deadline.reminder')).toEqual([]);
    expect(await feed(EGYPT, passed, 'consultation.closed')).toHaveLength(1);
  });
});
