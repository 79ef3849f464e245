import { Audience, gcaTimeline, runTimeline, StepRecord } from '../../libs/demo/src';
import { clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../libs/event-store/src/adapters/postgres.test-database';
import { ARABIC, course, expectedCourse, feedOf, instant, scenarioSubscribers, subscribeAll } from './scenario-notifications';

/** GCA addresses member states, sector members, associates and academia: civil society is not. */
const READERS = scenarioSubscribers('civil-society');
const ARABIC_TITLE = 'مبادئ توجيهية بشأن استعمال البرنامج العالمي للأمن السيبراني';

/** What every addressed subscriber hears, in order: events as they happen, reminders P7D/P1D before meeting starts and closings. */
const GCA_COURSE = expectedCourse([
  ['2019-10-15T09:00:00+02:00', 'consultation.launched'], ['2019-10-15T09:05:00+02:00', 'meeting.scheduled'],
  ['2020-03-18T10:00:00+01:00', 'meeting.rescheduled'], ['2020-03-18T10:01:00+01:00', 'meeting.format-changed'],
  ['2020-04-09T12:00:00+02:00', 'draft.published'], ['2020-04-09T12:05:00+02:00', 'consultation.opened'],
  ['2020-04-16T13:00:00+02:00', 'deadline.reminder'], ['2020-04-22T13:00:00+02:00', 'deadline.reminder'],
  ['2020-04-23T23:59:00+02:00', 'deadline.reminder'], ['2020-04-29T23:59:00+02:00', 'deadline.reminder'],
  ['2020-04-30T23:59:00+02:00', 'consultation.closed'], ['2020-05-01T09:00:00+02:00', 'contributions.published'],
  ['2020-05-05T12:00:00+02:00', 'draft.published'], ['2020-05-05T12:05:00+02:00', 'council.submitted'],
  ['2020-05-20T10:00:00+02:00', 'council.postponed'], ['2021-02-01T10:00:00+01:00', 'meeting.scheduled'],
  ['2021-02-22T13:00:00+01:00', 'deadline.reminder'], ['2021-02-28T13:00:00+01:00', 'deadline.reminder'],
  ['2021-06-25T10:00:00+02:00', 'council.decided'], ['2021-10-01T12:00:00+02:00', 'draft.published'],
  ['2021-10-01T12:05:00+02:00', 'consultation.opened'], ['2021-11-23T23:59:00+01:00', 'deadline.reminder'],
  ['2021-11-29T23:59:00+01:00', 'deadline.reminder'], ['2021-11-30T23:59:00+01:00', 'consultation.closed'],
  ['2021-12-01T09:05:00+01:00', 'contributions.published'], ['2022-01-20T12:00:00+01:00', 'draft.published'],
  ['2022-02-15T12:00:00+01:00', 'council.submitted'], ['2022-03-31T17:00:00+02:00', 'council.decided'],
]);

/** The scenario runs on the embedded store and on PostgreSQL (events and read models). */
const STORES: [string, () => Record<string, string>][] = [
  ['sqlite', () => ({})],
  ['postgres', () => ({ CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: testDatabaseUrl(), CONSULT_DATABASE_SCHEMA: schema })],
];
const schema = uniqueSchema('e2e_gca');

jest.setTimeout(120_000);

describe.each(STORES)('GCA guidelines 2019-2022 (seeds 000/003) over HTTP on %s', (store, storeEnv) => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let id: string;
  let records: StepRecord[];
  let audience: Audience;

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual', ...storeEnv() });
    call = clientFor(api.baseUrl);
    audience = await subscribeAll(api.baseUrl, Object.values(READERS));
    ({ id, records } = await runTimeline(gcaTimeline, { baseUrl: api.baseUrl, token: (claims) => tokens.sign(claims as never), audience })
      .catch((error) => { throw new Error(`${error.message}\n--- api stderr\n${api.output.stderr.slice(-3000)}`); }));
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
    if (store === 'postgres') await dropSchemas(testDatabaseUrl(), [schema]);
  });

  it('ends approved by Council 2022, in session, on C22/INF/8', async () => {
    const health = await call('GET', '/health');
    expect(health.body.eventStore.kind).toBe(store);
    const { body } = await call('GET', `/api/consultations/${id}`);
    expect(body.state).toBe('approved');
    expect(body.decisions).toEqual([
      expect.objectContaining({ session: 'VCC-2021', outcome: 'further-consultation', mode: 'correspondence', reference: 'C21/36' }),
      expect.objectContaining({ session: 'C22', outcome: 'approved', mode: 'session', reference: 'C22/INF/8' }),
    ]);
    expect(body.allowedCommands).toEqual([]);
  });

  it('keeps the virtual meeting of 23 April 2020, 13:00-14:30, with why it moved', async () => {
    const { body } = await call('GET', `/api/consultations/${id}`);
    const first = body.meetings.find((m: { id: string }) => m.id === 'ocm-1');
    expect(first).toMatchObject({ format: 'virtual', status: 'held', participants: 92 });
    expect(Date.parse(first.startsAt)).toBe(Date.parse('2020-04-23T13:00:00+02:00'));
    expect(Date.parse(first.endsAt)).toBe(Date.parse('2020-04-23T14:30:00+02:00'));
    expect(JSON.stringify(first.history)).toContain('CL-20/18');
    const total = body.meetings.reduce((sum: number, m: { participants?: number }) => sum + (m.participants ?? 0), 0);
    expect(total).toBeGreaterThan(160);
  });

  it('publishes four draft versions with numbered sections 1-7', async () => {
    const { body } = await call('GET', `/api/consultations/${id}`);
    expect(body.drafts.map((d: { version: string; kind: string }) => `${d.kind}:${d.version}`)).toEqual(['draft:1', 'final:2', 'draft:3', 'final:4']);
    expect(body.drafts[0].sections.map((s: { number: string }) => s.number)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('closed the first round at its closing time, by the scheduler, and refused the late comment', async () => {
    const late = records.find((r) => r.step.note.includes('after the closing time'))!;
    expect(late.status).toBe(409);
    const history = await call('GET', `/api/consultations/${id}/history`, 'auditor');
    const closings = history.body.events.filter((e: { type: string }) => e.type === 'ConsultationClosed');
    expect(closings).toHaveLength(2);
    expect(closings[0].actor).toMatchObject({ sub: 'scheduler', role: 'system' });
    expect(Date.parse(closings[0].recordedAt)).toBe(Date.parse('2020-04-30T23:59:00+02:00'));
  });

  it('publishes every written comment, per section, to the public', async () => {
    const published = await call('GET', `/api/consultations/${id}/contributions`);
    expect(published.body.total).toBe(4);
    expect(published.body.items.map((c: { section: string }) => c.section).sort()).toEqual(['2', '4', '5', '7']);
    expect(published.body.items.every((c: { published: boolean }) => c.published)).toBe(true);
  });

  it('shows the state as it stood on any date', async () => {
    const at = async (iso: string) => (await call('GET', `/api/consultations/${id}/state?at=${encodeURIComponent(iso)}`, 'auditor')).body;
    expect((await at('2019-01-01T00:00:00Z')).exists).toBe(false);
    expect((await at('2020-04-15T00:00:00Z')).state).toBe('consultationOpen');
    expect((await at('2020-09-01T00:00:00Z')).state).toBe('submittedToCouncil');
    expect((await at('2021-07-01T00:00:00Z')).state).toBe('furtherConsultation');
    expect((await at('2022-04-01T00:00:00Z')).state).toBe('approved');
  });

  it('verifies: hash chains intact, replay through council-approval@2 (the latest, launched with) legal', async () => {
    const verify = await call('GET', `/api/consultations/${id}/verify`, 'auditor');
    expect(verify.body).toEqual({ ok: true, events: expect.any(Number), problems: [] });
    const history = await call('GET', `/api/consultations/${id}/history`, 'secretariat');
    expect(history.body.events.every((e: { workflow: string }) => e.workflow === 'council-approval@2')).toBe(true);
    const moved = history.body.events.find((e: { type: string }) => e.type === 'MeetingRescheduled');
    expect(moved.reason).toMatch(/CL-20\/18/);
  });

  it('lists the consultation by state and by search', async () => {
    const approved = await call('GET', '/api/consultations?state=approved&q=cybersecurity');
    expect(approved.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    const open = await call('GET', '/api/consultations?state=consultationOpen');
    expect(open.body.items).toEqual([]);
  });

  describe('notifications to the subscribers of every consultation', () => {
    it('tells the secretariat (en) and a member state (ar) the whole course, in order, reminders at P7D/P1D', async () => {
      const secretariat = await feedOf(audience, READERS.secretariat, id);
      const memberState = await feedOf(audience, READERS.memberState, id);
      expect(course(secretariat)).toEqual(GCA_COURSE);
      expect(course(memberState)).toEqual(GCA_COURSE);
      expect(new Set(secretariat.map((n) => n.language))).toEqual(new Set(['en']));
      expect(new Set(memberState.map((n) => n.language))).toEqual(new Set(['ar']));
    });

    it('sends CL-20/18\'s switch to virtual as meeting.format-changed, in each reader\'s language, at that step', async () => {
      const step = records.find((r) => r.step.note.includes('becomes a virtual one'))!;
      expect(step.notifications.map((n) => [n.subscriber, n.type, n.language])).toEqual([
        ['secretariat', 'meeting.format-changed', 'en'], ['Egypt', 'meeting.format-changed', 'ar'],
      ]);
      const [en, ar] = step.notifications;
      expect(en.title).toBe('Meeting format changed: Guidelines for the utilization of the Global Cybersecurity Agenda (GCA)');
      expect(en.body).toContain('will now be held online');
      expect(en.body).toContain('CL-20/18');
      expect(ar.title).toContain(ARABIC_TITLE);
      expect(ar.body).toMatch(ARABIC);
      expect(ar.body).toContain('عبر الإنترنت');
      expect(ar.body).toContain('CL-20/18');
    });

    it('reminds of the moved meeting and of each closing, never of the meeting\'s first date', async () => {
      const reminders = (await feedOf(audience, READERS.secretariat, id)).filter((n) => n.type === 'deadline.reminder').map((n) => n.body);
      expect(reminders[0]).toContain('23 April 2020 at 13:00 (Europe/Zurich, UTC+02:00), in 7 days');
      expect(reminders[1]).toContain('23 April 2020 at 13:00 (Europe/Zurich, UTC+02:00), in 1 day');
      expect(reminders[2]).toContain('closes — 30 April 2020 at 23:59 (Europe/Zurich, UTC+02:00), in 7 days');
      expect(reminders[3]).toContain('closes — 30 April 2020 at 23:59 (Europe/Zurich, UTC+02:00), in 1 day');
      expect(reminders[6]).toContain('closes — 30 November 2021 at 23:59 (Europe/Zurich, UTC+01:00), in 7 days');
      expect(reminders.some((body) => body.includes('6 April 2020'))).toBe(false);
      const arabic = (await feedOf(audience, READERS.memberState, id)).find((n) => n.type === 'deadline.reminder')!;
      expect(arabic.body).toContain('23 أبريل 2020');
    });

    it('reports the Council\'s course: submitted to C20, postponed to VCC-2021 with why, decided twice', async () => {
      const council = (await feedOf(audience, READERS.secretariat, id)).filter((n) => n.type.startsWith('council.'));
      expect(council.map((n) => n.type)).toEqual(['council.submitted', 'council.postponed', 'council.decided', 'council.submitted', 'council.decided']);
      expect(council[0].body).toContain('C20/GCA');
      expect(council[1].body).toMatch(/VCC-2021[\s\S]*Council 2020 postponed \(COVID-19\)/);
      expect(council[2].body).toMatch(/correspondence[\s\S]*further consultation/);
      expect(council[4].body).toContain('approved');
      expect(instant(council[4].createdAt)).toBe(instant('2022-03-31T17:00:00+02:00'));
    });

    it('tells a participant of a group the consultation does not address nothing', async () => {
      expect(await feedOf(audience, READERS.outsider, id)).toEqual([]);
    });
  });
});
