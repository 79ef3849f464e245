import { clientFor } from '../support/consult-client';
import { startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../libs/event-store/src/adapters/postgres.test-database';
import { Call, EGYPT, command, feedOf, instant, latinDigits, launch, setClock, subscribeBoth } from './reminders.fixture';

jest.setTimeout(90_000);

const schema = uniqueSchema('e2e_reminders_dst');
/** The default store, and PostgreSQL for events and read models (reminder claims differ there). */
const STORES: [string, () => Record<string, string>][] = [
  ['sqlite', () => ({})],
  ['postgres', () => ({ CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: testDatabaseUrl(), CONSULT_DATABASE_SCHEMA: schema })],
];

/** Paris moves to summer time at 02:00 on 29 March 2026; the round closes the next evening. */
const CLOSES_AT = '2026-03-30T23:59:00+02:00';
const P7D_AT = '2026-03-23T23:59:00+01:00';
const P1D_AT = '2026-03-29T23:59:00+02:00';

describe.each(STORES)('P7D and P1D reminders across the Paris DST change, in English and Arabic, on %s', (store, storeEnv) => {
  const data = tempDir();
  let call: Call;
  let id: string;

  beforeAll(async () => {
    const api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual', ...storeEnv() });
    call = clientFor(api.baseUrl);
    await setClock(call, '2026-03-02T09:00:00+01:00');
    id = await launch(call, 'Europe/Paris');
    await subscribeBoth(call, id);
    await command(call, id, 'publishDraft', { documentRef: 'C26/12', version: '1' });
    await command(call, id, 'openConsultation', { closesAt: CLOSES_AT });
  });
  afterAll(async () => {
    await stopAll();
    data.remove();
    if (store === 'postgres') await dropSchemas(testDatabaseUrl(), [schema]);
  });

  it('sends no reminder at 22:59 on 23 March, seven times 24 hours before the closing (not the wall-clock week)', async () => {
    expect(await setClock(call, '2026-03-23T22:59:00+01:00')).toEqual([]);
    expect(await feedOf(call, 'secretariat', 'deadline.reminder')).toEqual([]);
  });

  it('sends the P7D reminder at 23:59 Paris time on 23 March (UTC+1), once, to both subscribers', async () => {
    const sent = await setClock(call, '2026-03-25T12:00:00+01:00');
    expect(sent).toEqual([expect.objectContaining({ consultationId: id, offset: 'P7D', late: false })]);
    expect(instant(sent[0].dueAt)).toBe(instant(P7D_AT));
    for (const who of ['secretariat', EGYPT] as const) {
      const reminders = await feedOf(call, who, 'deadline.reminder');
      expect(reminders).toHaveLength(1);
      expect(instant(reminders[0].createdAt)).toBe(instant(P7D_AT));
    }
  });

  it('sends the P1D reminder at 23:59 Paris time on 29 March (UTC+2, after the change), and nothing more before the closing', async () => {
    expect(await setClock(call, '2026-03-29T23:58:00+02:00')).toEqual([]);
    const sent = await setClock(call, '2026-03-30T23:58:00+02:00');
    expect(sent).toEqual([expect.objectContaining({ offset: 'P1D', late: false })]);
    expect(instant(sent[0].dueAt)).toBe(instant(P1D_AT));
    const createdAt = (await feedOf(call, 'secretariat', 'deadline.reminder')).map((item) => instant(item.createdAt));
    expect(createdAt).toEqual([instant(P7D_AT), instant(P1D_AT)]);
  });

  it('shows the closing as 23:59 local time with the summer offset, in English', async () => {
    const [week, day] = await feedOf(call, 'secretariat', 'deadline.reminder');
    expect(week.title).toBe('Reminder: Numbering plan closes in 7 days');
    expect(day.title).toBe('Reminder: Numbering plan closes in 1 day');
    for (const item of [week, day]) {
      expect(item).toMatchObject({ language: 'en', consultationId: id });
      expect(item.body).toContain('30 March 2026 at 23:59');
      expect(item.body).toContain('UTC+02:00');
      expect(item.body).not.toMatch(/\blate\b/i);
    }
    expect(week.body).toMatch(/7 days/);
    expect(day.body).toMatch(/1 day\b/);
  });

  it('shows the closing as 23:59 local time in Arabic, under the Arabic title', async () => {
    const reminders = await feedOf(call, EGYPT, 'deadline.reminder');
    expect(reminders).toHaveLength(2);
    expect(reminders.map((item) => latinDigits(item.title))).toEqual(['تذكير: إغلاق المشاورة «خطة الترقيم» بعد 7 أيام', 'تذكير: إغلاق المشاورة «خطة الترقيم» بعد يوم واحد']);
    for (const item of reminders) {
      expect(item).toMatchObject({ language: 'ar' });
      expect(latinDigits(item.body)).toMatch(/30 مارس 2026.*23:59/);
      expect(latinDigits(item.body)).toContain('+02:00');
    }
    // Arabic plural rules: 7 takes the "few" form (أيام), 1 the singular (يوم واحد).
    expect(latinDigits(reminders[0].body)).toContain('7 أيام');
    expect(reminders[1].body).toContain('يوم واحد');
  });

  it('closes the round at 23:59 on 30 March with no reminder left to send', async () => {
    const answer = await call('PUT', '/api/clock', 'secretariat', { now: '2026-04-02T00:00:00+02:00' });
    expect(answer.body.reminders).toEqual([]);
    expect(answer.body.fired).toEqual([expect.objectContaining({ consultationId: id })]);
    expect((await feedOf(call, EGYPT, 'deadline.reminder'))).toHaveLength(2);
    expect((await feedOf(call, EGYPT, 'consultation.closed'))).toHaveLength(1);
  });
});
