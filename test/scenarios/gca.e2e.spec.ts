import { gcaTimeline, runTimeline, StepRecord } from '../../libs/demo/src';
import { clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../libs/event-store/src/adapters/postgres.test-database';

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

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual', ...storeEnv() });
    call = clientFor(api.baseUrl);
    ({ id, records } = await runTimeline(gcaTimeline, { baseUrl: api.baseUrl, token: (claims) => tokens.sign(claims as never) }));
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
});
