import { clientFor } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../libs/event-store/src/adapters/postgres.test-database';

/** The command path over HTTP, on the embedded store (its writer thread) and on PostgreSQL. */
const schema = uniqueSchema('e2e_commands');
const STORES: [string, () => Record<string, string>][] = [
  ['sqlite', () => ({})],
  ['postgres', () => ({ CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: testDatabaseUrl(), CONSULT_DATABASE_SCHEMA: schema })],
];
const LAUNCH = { workflow: 'council-approval', title: { en: 'Guidelines' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };
const DRAFT = { type: 'publishDraft', payload: { documentRef: 'D', version: '1', sections: [{ number: '1', title: 'Intro' }] } };
const meeting = (meetingId: string) => ({
  type: 'scheduleMeeting', payload: { meetingId, startsAt: '2020-04-20T10:00:00Z', endsAt: '2020-04-20T11:00:00Z', format: 'virtual' },
});

const BRA = { participant: { group: 'member-state', org: 'BRA', name: 'Brazil' } } as const;

jest.setTimeout(120_000);

describe.each(STORES)('the command path over HTTP on %s', (store, storeEnv) => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  const commands = (id: string) => `/api/consultations/${id}/commands`;

  /** A consultation open for comment (version 2). */
  async function openConsultation(): Promise<string> {
    const { body } = await call('POST', '/api/consultations', 'secretariat', LAUNCH);
    await call('POST', commands(body.id), 'secretariat', DRAFT);
    await call('POST', commands(body.id), 'secretariat', { type: 'openConsultation', payload: { closesAt: '2020-04-30T00:00:00Z' } });
    return body.id;
  }

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual', ...storeEnv() });
    call = clientFor(api.baseUrl);
    await call('PUT', '/api/clock', 'secretariat', { now: '2020-04-01T09:00:00Z' });
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
    if (store === 'postgres') await dropSchemas(testDatabaseUrl(), [schema]);
  });

  it('accepts 50 concurrent commands sent without expectedVersion: 50 × 200, versions 3 to 52', async () => {
    const id = await openConsultation();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => call('POST', commands(id), 'secretariat', meeting(`m-${i}`))));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(answers.map((a) => a.body.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 3));
    expect((await call('GET', `/api/consultations/${id}`)).body.meetings).toHaveLength(50);
  });

  it('answers a stale pinned expectedVersion with 409 naming both versions, and a refused command with 409 naming the state', async () => {
    const id = await openConsultation();
    const stale = await call('POST', commands(id), 'secretariat', { ...meeting('pinned'), expectedVersion: 1 });
    expect(stale).toMatchObject({ status: 409, body: { message: 'expectedVersion 1 is stale: the consultation is at version 2' } });
    const refused = await call('POST', commands(id), 'secretariat', DRAFT);
    expect(refused).toMatchObject({ status: 409, body: { message: 'command publishDraft is not allowed in state consultationOpen' } });
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('answers the command type %s with 400 naming the field', async (type) => {
    const id = await openConsultation();
    const answer = await call('POST', commands(id), 'secretariat', { type, payload: {} });
    expect(answer).toMatchObject({ status: 400, body: { statusCode: 400, details: [expect.objectContaining({ field: 'type' })] } });
  });

  it('answers an Idempotency-Key reused with another command body with 422, and the same body with the first answer', async () => {
    const id = await openConsultation();
    const key = { 'Idempotency-Key': `meeting-${store}` };
    const first = await call('POST', commands(id), 'secretariat', meeting('k-1'), key);
    expect(first.status).toBe(200);
    const reused = await call('POST', commands(id), 'secretariat', meeting('k-2'), key);
    expect(reused).toMatchObject({ status: 422, body: { statusCode: 422, error: 'Unprocessable Entity', details: { code: 'CONSULTATION.IDEMPOTENCY_KEY_REUSED' } } });
    expect(await call('POST', commands(id), 'secretariat', meeting('k-1'), key)).toEqual(first);
  });

  it('answers a launch Idempotency-Key reused with another body with 422', async () => {
    const key = { 'Idempotency-Key': `launch-${store}` };
    const first = await call('POST', '/api/consultations', 'secretariat', LAUNCH, key);
    expect(first.status).toBe(201);
    expect(await call('POST', '/api/consultations', 'secretariat', LAUNCH, key)).toEqual(first);
    const reused = await call('POST', '/api/consultations', 'secretariat', { ...LAUNCH, title: { en: 'Other' } }, key);
    expect(reused).toMatchObject({ status: 422, body: { details: { code: 'CONSULTATION.IDEMPOTENCY_KEY_REUSED' } } });
  });

  it('answers a contribution Idempotency-Key reused with another text with 422, and the same body with the first answer', async () => {
    const id = await openConsultation();
    const key = { 'Idempotency-Key': `contribution-${store}` };
    const body = { kind: 'comment', section: '1', text: 'Support', language: 'en' };
    const first = await call('POST', `/api/consultations/${id}/contributions`, BRA, body, key);
    expect(first.status).toBe(201);
    expect(await call('POST', `/api/consultations/${id}/contributions`, BRA, body, key)).toEqual(first);
    const reused = await call('POST', `/api/consultations/${id}/contributions`, BRA, { ...body, text: 'Oppose' }, key);
    expect(reused).toMatchObject({ status: 422, body: { details: { code: 'CONSULTATION.IDEMPOTENCY_KEY_REUSED' } } });
  });
});
