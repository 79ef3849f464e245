import { clientFor } from '../support/consult-client';
import { startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { Call, EGYPT, command, feedOf, instant, latinDigits, launch, setClock, subscribeBoth } from './reminders.fixture';

jest.setTimeout(60_000);

const FIRST_CLOSE = '2026-06-10T23:59:00+02:00';
const EXTENDED_CLOSE = '2026-06-24T23:59:00+02:00';
const REASON = 'Requested by three regional groups';

describe('an extended round: deadline.changed, then reminders at the new closing only (manual clock, SQLite)', () => {
  const data = tempDir();
  let call: Call;
  let id: string;

  beforeAll(async () => {
    const api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
    await setClock(call, '2026-05-25T09:00:00+02:00');
    id = await launch(call, 'Europe/Paris');
    await subscribeBoth(call, id);
    await command(call, id, 'publishDraft', { documentRef: 'C26/30', version: '1' });
    await command(call, id, 'openConsultation', { closesAt: FIRST_CLOSE });
    await setClock(call, '2026-06-04T09:00:00+02:00'); // the first closing's P7D has gone
    await command(call, id, 'extendDeadline', { closesAt: EXTENDED_CLOSE, reason: REASON });
  });
  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('tells the English reader the old and the new closing time and why', async () => {
    const [changed, ...more] = await feedOf(call, 'secretariat', 'deadline.changed');
    expect(more).toEqual([]);
    expect(changed).toMatchObject({ consultationId: id, language: 'en', title: 'Deadline changed: Numbering plan' });
    expect(changed.body).toMatch(/from 10 June 2026 at 23:59 .*to 24 June 2026 at 23:59/);
    expect(changed.body).toContain(`Reason: ${REASON}`);
  });

  it('tells the Arabic reader the same, in Arabic, with the reason as given', async () => {
    const [changed] = await feedOf(call, EGYPT, 'deadline.changed');
    expect(changed).toMatchObject({ language: 'ar', title: 'تعديل موعد نهائي: خطة الترقيم' });
    expect(latinDigits(changed.body)).toMatch(/من 10 يونيو 2026 في 23:59.*إلى 24 يونيو 2026 في 23:59/);
    expect(changed.body).toContain(REASON);
  });

  it('never sends the old closing\'s day-before reminder, nor closes the round at the old time', async () => {
    const answer = await call('PUT', '/api/clock', 'secretariat', { now: '2026-06-12T00:00:00+02:00' });
    expect(answer.body).toMatchObject({ reminders: [], fired: [] });
    const reminders = await feedOf(call, 'secretariat', 'deadline.reminder');
    expect(reminders.map((item) => instant(item.createdAt))).toEqual([instant('2026-06-03T23:59:00+02:00')]);
    expect((await call('GET', `/api/consultations/${id}`)).body.state).toBe('consultationOpen');
  });

  it('sends the reminders of the new closing at 23:59 on 17 and 23 June, then closes the round on 24 June', async () => {
    const answer = await call('PUT', '/api/clock', 'secretariat', { now: '2026-06-26T00:00:00+02:00' });
    expect(answer.body.reminders.map((r: { offset: string; dueAt: string }) => [r.offset, instant(r.dueAt)])).toEqual([
      ['P7D', instant('2026-06-17T23:59:00+02:00')],
      ['P1D', instant('2026-06-23T23:59:00+02:00')],
    ]);
    expect(answer.body.fired).toEqual([expect.objectContaining({ consultationId: id })]);
    expect((await call('GET', `/api/consultations/${id}`)).body.state).toBe('consultationClosed');
    const closed = await feedOf(call, EGYPT, 'consultation.closed');
    expect(closed.map((item) => instant(item.createdAt))).toEqual([instant(EXTENDED_CLOSE)]);
    for (const item of (await feedOf(call, 'secretariat', 'deadline.reminder')).slice(1)) {
      expect(item.body).toContain('24 June 2026 at 23:59');
    }
  });
});
