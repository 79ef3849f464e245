import { participant } from '../../libs/demo/src/timeline';
import { Answer, clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(60_000);

const BRAZIL = participant('member-state', 'BRA');
const COMPANY = participant('private-sector', 'ACME');
const LAUNCH = {
  workflow: 'council-approval', title: { en: 'Guidelines' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich',
};

describe('bad requests get a clear 4xx and write nothing', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let id: string;

  const head = async (): Promise<number> => ((await (await fetch(`${api.baseUrl}/health`)).json()) as any).eventStore.headPosition;
  /** Sends a request and checks the answer's status and that the store did not move. */
  const refused = async (status: number, send: () => Promise<Answer>): Promise<Answer> => {
    const before = await head();
    const answer = await send();
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status, body: { statusCode: status, message: expect.any(String) } });
    expect(await head()).toBe(before);
    return answer;
  };

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
    await call('PUT', '/api/clock', 'secretariat', { now: '2020-04-01T09:00:00Z' });
    id = (await call('POST', '/api/consultations', 'secretariat', LAUNCH)).body.id;
    await call('POST', `/api/consultations/${id}/commands`, 'secretariat', {
      type: 'publishDraft', payload: { documentRef: 'D', version: '1', sections: [{ number: '1', title: 'Intro' }] },
    });
    await call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type: 'openConsultation', payload: { closesAt: '2020-04-30T00:00:00Z' } });
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  describe('upcoming deadlines', () => {
    it('lists the round closing of the open consultation, bounded by until', async () => {
      const all = await call('GET', '/api/deadlines');
      expect(all.body.items).toEqual([expect.objectContaining({ consultationId: id, kind: 'consultation-closes', dueAt: '2020-04-30T00:00:00Z' })]);
      expect((await call('GET', '/api/deadlines?until=2020-04-29T00:00:00Z')).body.items).toEqual([]);
      await refused(400, () => call('GET', '/api/deadlines?until=someday'));
    });
  });

  describe('400: invalid bodies name the field', () => {
    it('refuses a launch without a title', async () => {
      const { body } = await refused(400, () => call('POST', '/api/consultations', 'secretariat', { ...LAUNCH, title: undefined }));
      expect(body.message).toMatch(/title/);
      expect(body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'title' })]));
    });

    it('refuses a launch with an unknown workflow or stakeholder group', async () => {
      const workflow = await refused(400, () => call('POST', '/api/consultations', 'secretariat', { ...LAUNCH, workflow: 'referendum' }));
      expect(workflow.body.details[0].field).toBe('workflow');
      const group = await refused(400, () => call('POST', '/api/consultations', 'secretariat', { ...LAUNCH, eligibleGroups: ['everyone'] }));
      expect(group.body.details[0].field).toBe('eligibleGroups');
    });

    it('refuses a phased forum whose phase ends before it starts', async () => {
      const phases = [{ key: 'p', kind: 'launch', title: { en: 'P' }, startsAt: '2020-05-02T00:00:00Z', endsAt: '2020-05-01T00:00:00Z', opens: [] }];
      const { body } = await refused(400, () => call('POST', '/api/consultations', 'secretariat', { ...LAUNCH, workflow: 'phased-forum', phases }));
      expect(body.message).toMatch(/phases\.0\.endsAt/);
    });

    it('refuses a command with an invalid payload, naming payload fields', async () => {
      const { body } = await refused(400, () => call('POST', `/api/consultations/${id}/commands`, 'secretariat', {
        type: 'scheduleMeeting', payload: { meetingId: 'm', startsAt: 'tomorrow', endsAt: '2020-04-10T10:00:00Z', format: 'telepathic' },
      }));
      const fields = body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['payload.startsAt', 'payload.format']));
    });

    it('refuses an unknown command type and unknown fields', async () => {
      const unknown = await refused(400, () => call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type: 'approveEverything', payload: {} }));
      expect(unknown.body.details[0].field).toBe('type');
      const extra = await refused(400, () => call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type: 'closeConsultation', payload: { reason: 'x', force: true } }));
      expect(extra.body.message).toMatch(/force/);
    });

    it('refuses a proposal without action, target and reason, and a comment on an unknown section', async () => {
      const proposal = await refused(400, () => call('POST', `/api/consultations/${id}/contributions`, BRAZIL, { kind: 'proposal', text: 'Modify', language: 'en' }));
      expect(proposal.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['action', 'reason', 'target']);
      const section = await refused(400, () => call('POST', `/api/consultations/${id}/contributions`, BRAZIL, { kind: 'comment', section: '9', text: 'x', language: 'en' }));
      expect(section.body.details[0].field).toBe('section');
    });

    it('refuses publishing contributions that do not exist', async () => {
      const { body } = await refused(400, () => call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type: 'publishContributions', payload: { contributionIds: ['nope'] } }));
      expect(body.message).toMatch(/nope/);
    });
  });

  describe('401: tokens that cannot be trusted', () => {
    it('refuses a forged token', async () => {
      const forged = tokens.sign({ sub: 'x', role: 'secretariat' }).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
      await refused(401, () => call('POST', '/api/consultations', forged, LAUNCH));
    });

    it('refuses an expired token', async () => {
      const expired = tokens.sign({ sub: 'x', role: 'secretariat' }, -10);
      const { body } = await refused(401, () => call('POST', '/api/consultations', expired, LAUNCH));
      expect(body.message).toMatch(/expired/);
    });

    it('asks the public for a token before a command', async () => {
      await refused(401, () => call('POST', `/api/consultations/${id}/commands`, undefined, { type: 'closeConsultation', payload: {} }));
    });
  });

  describe('403: roles and groups', () => {
    it('lets only the secretariat launch and advance', async () => {
      await refused(403, () => call('POST', '/api/consultations', BRAZIL, LAUNCH));
      await refused(403, () => call('POST', `/api/consultations/${id}/commands`, BRAZIL, { type: 'closeConsultation', payload: {} }));
      await refused(403, () => call('POST', `/api/consultations/${id}/commands`, 'auditor', { type: 'closeConsultation', payload: {} }));
    });

    it('refuses contributions from a group the consultation is not addressed to', async () => {
      const { body } = await refused(403, () => call('POST', `/api/consultations/${id}/contributions`, COMPANY, { kind: 'comment', section: '1', text: 'x', language: 'en' }));
      expect(body.message).toMatch(/private-sector/);
    });

    it('keeps history and verification from the public and verification from the secretariat', async () => {
      await refused(401, () => call('GET', `/api/consultations/${id}/history`));
      await refused(403, () => call('GET', `/api/consultations/${id}/history`, BRAZIL));
      await refused(403, () => call('GET', `/api/consultations/${id}/verify`, 'secretariat'));
    });
  });

  describe('404: unknown consultations', () => {
    it('answers 404 for reads and commands', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      await refused(404, () => call('GET', `/api/consultations/${unknown}`));
      await refused(404, () => call('POST', `/api/consultations/${unknown}/commands`, 'secretariat', { type: 'withdraw', payload: { reason: 'x' } }));
      await refused(404, () => call('POST', `/api/consultations/${unknown}/contributions`, BRAZIL, { kind: 'comment', section: '1', text: 'x', language: 'en' }));
    });
  });

  describe('409: stale versions and commands the state does not allow', () => {
    it('refuses a stale expectedVersion', async () => {
      const { body } = await refused(409, () => call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type: 'closeConsultation', payload: {}, expectedVersion: 0 }));
      expect(body.message).toMatch(/expectedVersion 0/);
    });

    it('names the state and the command', async () => {
      const { body } = await refused(409, () => call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type: 'publishFinalDraft', payload: { documentRef: 'D', version: '2' } }));
      expect(body.message).toBe('command publishFinalDraft is not allowed in state consultationOpen');
    });

    it('refuses a contribution after the closing time', async () => {
      const other = (await call('POST', '/api/consultations', 'secretariat', LAUNCH)).body.id;
      const command = (type: string, payload: object) => call('POST', `/api/consultations/${other}/commands`, 'secretariat', { type, payload });
      await command('publishDraft', { documentRef: 'D', version: '1', sections: [{ number: '1', title: 'Intro' }] });
      await command('openConsultation', { closesAt: '2020-04-20T12:00:00Z' });
      const comment = { kind: 'comment', text: 'x', language: 'en', section: '1' };
      expect((await call('POST', `/api/consultations/${other}/contributions`, BRAZIL, comment)).status).toBe(201);
      await call('PUT', '/api/clock', 'secretariat', { now: '2020-04-20T12:00:01Z' });
      const { body } = await refused(409, () => call('POST', `/api/consultations/${other}/contributions`, BRAZIL, comment));
      expect(body.message).toMatch(/consultationClosed/);
    });
  });

  describe('idempotency and expected versions that hold', () => {
    it('answers a retried command with the first response and writes once', async () => {
      const { body: view } = await call('GET', `/api/consultations/${id}`);
      const send = () => call('POST', `/api/consultations/${id}/commands`, 'secretariat',
        { type: 'scheduleMeeting', payload: { meetingId: 'm-1', startsAt: '2020-04-20T10:00:00Z', endsAt: '2020-04-20T11:00:00Z', format: 'hybrid' }, expectedVersion: view.version },
        { 'Idempotency-Key': 'schedule-m-1' });
      const first = await send();
      expect(first.status).toBe(200);
      const before = await head();
      const again = await send();
      expect(again).toEqual(first);
      expect(await head()).toBe(before);
    });

    it('answers a retried launch with the same consultation', async () => {
      const send = () => call('POST', '/api/consultations', 'secretariat', LAUNCH, { 'Idempotency-Key': 'launch-1' });
      const first = await send();
      expect(first.status).toBe(201);
      const before = await head();
      expect(await send()).toEqual(first);
      expect(await head()).toBe(before);
    });

    it('answers a retried contribution with the same contribution', async () => {
      const send = () => call('POST', `/api/consultations/${id}/contributions`, BRAZIL, { kind: 'comment', section: '1', text: 'Once', language: 'en' }, { 'Idempotency-Key': 'c-1' });
      const first = await send();
      expect(first.status).toBe(201);
      const before = await head();
      expect((await send()).body.id).toBe(first.body.id);
      expect(await head()).toBe(before);
    });

    it('lists for the caller only the commands their role may send now', async () => {
      const secretariat = await call('GET', `/api/consultations/${id}`, 'secretariat');
      expect(secretariat.body.allowedCommands).toEqual(expect.arrayContaining(['closeConsultation', 'extendDeadline', 'scheduleMeeting']));
      expect(secretariat.body.allowedCommands).not.toContain('publishFinalDraft');
      expect((await call('GET', `/api/consultations/${id}`, BRAZIL)).body.allowedCommands).toEqual([]);
      expect((await call('GET', `/api/consultations/${id}`)).body.allowedCommands).toEqual([]);
    });
  });
});
