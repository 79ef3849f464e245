import { participant } from '../../libs/demo/src/timeline';
import { Answer, clientFor } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(120_000);

const BRAZIL = participant('member-state', 'BRA');
const LAUNCH = { workflow: 'council-approval', eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };
const BAD_INTEGERS = ['1e20', '-1', '1.5', 'abc', '9007199254740992', '0x10', '', ' 5', '99999999999999999999'];
const BAD_INSTANTS = ['2020-02-30T10:00:00Z', 'March 7, 2030', '1', '2030-03-07T10:00:00', '2030-03-07', '2030-03-07T10:00:00+0100'];

describe('query input, paging, limits and the clock: every bad input a 400 naming the field, never a 5xx', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let open: string;
  const ids: string[] = [];

  const head = async (): Promise<number> => ((await (await fetch(`${api.baseUrl}/health`)).json()) as any).eventStore.headPosition;
  /** The answer is a 400 whose details name `field` (and nothing was written). */
  const namesField = async (field: string, send: () => Promise<Answer>): Promise<void> => {
    const before = await head();
    const answer = await send();
    expect({ status: answer.status, fields: answer.body?.details?.map((d: { field: string }) => d.field) })
      .toEqual({ status: 400, fields: expect.arrayContaining([field]) });
    expect(answer.body.message).toEqual(expect.stringContaining(field));
    expect(await head()).toBe(before);
  };
  const command = (id: string, type: string, payload: object) => call('POST', `/api/consultations/${id}/commands`, 'secretariat', { type, payload });

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
    expect((await call('PUT', '/api/clock', 'secretariat', { now: '2020-04-01T09:00:00Z' })).status).toBe(200);
    for (const title of ['Growth 100% guaranteed', 'snake_case names', 'Back\\slash policy', 'Plain guidelines']) {
      ids.push((await call('POST', '/api/consultations', 'secretariat', { ...LAUNCH, title: { en: title, fr: 'Lignes directrices' } })).body.id);
    }
    open = ids[3];
    await command(open, 'publishDraft', { documentRef: 'D', version: '1', sections: [{ number: '1', title: 'Intro' }] });
    await command(open, 'openConsultation', { closesAt: '2020-04-30T00:00:00Z' });
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  describe('numeric query parameters are bounded integers', () => {
    it.each(BAD_INTEGERS)('refuses limit and offset %p on the consultations list', async (value) => {
      await namesField('limit', () => call('GET', `/api/consultations?limit=${encodeURIComponent(value)}`));
      await namesField('offset', () => call('GET', `/api/consultations?offset=${encodeURIComponent(value)}`));
    });

    it.each(BAD_INTEGERS)('refuses limit and offset %p on the contributions list', async (value) => {
      await namesField('limit', () => call('GET', `/api/consultations/${open}/contributions?limit=${encodeURIComponent(value)}`));
      await namesField('offset', () => call('GET', `/api/consultations/${open}/contributions?offset=${encodeURIComponent(value)}`, 'secretariat'));
    });

    it('refuses a limit beyond the maximum or below 1, and an offset beyond 1,000,000,000', async () => {
      await namesField('limit', () => call('GET', '/api/consultations?limit=501'));
      await namesField('limit', () => call('GET', '/api/consultations?limit=0'));
      await namesField('limit', () => call('GET', `/api/consultations/${open}/contributions?limit=1001`));
      await namesField('offset', () => call('GET', '/api/consultations?offset=1000000001'));
    });

    it('answers the largest offset with an empty page, not an error', async () => {
      const answer = await call('GET', '/api/consultations?offset=1000000000&limit=500');
      expect(answer).toEqual({ status: 200, body: { total: ids.length, items: [] } });
    });
  });

  describe('dates are ISO 8601 instants with an offset on real days', () => {
    it.each(BAD_INSTANTS)('refuses until=%p', async (value) => {
      await namesField('until', () => call('GET', `/api/deadlines?until=${encodeURIComponent(value)}`));
    });

    it.each(BAD_INSTANTS)('refuses at=%p for the state on a date', async (value) => {
      await namesField('at', () => call('GET', `/api/consultations/${open}/state?at=${encodeURIComponent(value)}`, 'auditor'));
    });

    it.each(BAD_INSTANTS)('refuses closesAt %p in a command body', async (value) => {
      await namesField('payload.closesAt', () => command(open, 'extendDeadline', { closesAt: value, reason: 'more time' }));
    });

    it('takes an instant with an offset', async () => {
      const { status, body } = await call('GET', `/api/deadlines?until=${encodeURIComponent('2020-04-30T02:00:00+02:00')}`);
      expect(status).toBe(200);
      expect(body.items.map((d: { consultationId: string }) => d.consultationId)).toEqual([open]);
      expect((await call('GET', `/api/consultations/${open}/state?at=2020-04-01T09:00:00Z`, 'auditor')).status).toBe(200);
    });
  });

  describe('unknown query parameters', () => {
    it('are refused by name on every list', async () => {
      await namesField('sort', () => call('GET', '/api/consultations?sort=title'));
      await namesField('page', () => call('GET', `/api/consultations/${open}/contributions?page=2`));
      await namesField('from', () => call('GET', '/api/deadlines?from=2020-04-01T00:00:00Z'));
    });
  });

  describe('paging per DESIGN', () => {
    it('answers {total, items}: total counts the filtered list, items the page, newest first', async () => {
      const all = await call('GET', '/api/consultations');
      expect(all.body.total).toBe(4);
      expect(all.body.items.map((c: { id: string }) => c.id)).toHaveLength(4);
      const page = await call('GET', '/api/consultations?limit=2&offset=1');
      expect(page.body).toEqual({ total: 4, items: all.body.items.slice(1, 3) });
      const filtered = await call('GET', '/api/consultations?state=consultationOpen&limit=1');
      expect(filtered.body).toEqual({ total: 1, items: [expect.objectContaining({ id: open })] });
    });

    it('pages the contributions list', async () => {
      for (const text of ['one', 'two', 'three']) {
        expect((await call('POST', `/api/consultations/${open}/contributions`, BRAZIL, { kind: 'comment', section: '1', text, language: 'en' })).status).toBe(201);
      }
      const page = await call('GET', `/api/consultations/${open}/contributions?limit=2&offset=1`, 'secretariat');
      expect(page.body.total).toBe(3);
      expect(page.body.items.map((c: { text: string }) => c.text)).toEqual(['two', 'three']);
      expect((await call('GET', `/api/consultations/${open}/contributions`)).body).toEqual({ total: 0, items: [] });
    });

    it('answers 404 for the contributions of an unknown consultation', async () => {
      expect((await call('GET', '/api/consultations/00000000-0000-4000-8000-000000000000/contributions')).status).toBe(404);
    });

    it('says nothing of staleness when the read models are current', async () => {
      const response = await fetch(`${api.baseUrl}/api/consultations`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-read-model-stale')).toBeNull();
    });
  });

  describe('search', () => {
    const search = async (q: string) => (await call('GET', `/api/consultations?q=${encodeURIComponent(q)}`)).body.items.map((c: { id: string }) => c.id);

    it('matches % and _ and \\ as themselves', async () => {
      expect(await search('%')).toEqual([ids[0]]);
      expect(await search('_')).toEqual([ids[1]]);
      expect(await search('\\')).toEqual([ids[2]]);
      expect(await search('0%')).toEqual([ids[0]]);
    });

    it('searches the titles in every language, case-insensitively, and never their JSON spelling', async () => {
      expect(await search('GUIDELINES')).toEqual([ids[3]]);
      expect((await search('directrices')).sort()).toEqual([...ids].sort());
      expect(await search('"')).toEqual([]);
      expect(await search('en')).toEqual([]);
    });

    it('bounds the length of q', async () => {
      await namesField('q', () => call('GET', `/api/consultations?q=${'x'.repeat(201)}`));
    });
  });

  describe('length limits on free text', () => {
    it('refuses a title, a reference or a reason that is too long', async () => {
      await namesField('title', () => call('POST', '/api/consultations', 'secretariat', { ...LAUNCH, title: { en: 'x'.repeat(501) } }));
      await namesField('reference', () => call('POST', '/api/consultations', 'secretariat', { ...LAUNCH, title: { en: 'T' }, reference: 'x'.repeat(201) }));
      await namesField('payload.reason', () => command(open, 'extendDeadline', { closesAt: '2020-05-30T00:00:00Z', reason: 'x'.repeat(5001) }));
      await namesField('payload.meetingId', () => command(open, 'scheduleMeeting', { meetingId: 'm'.repeat(129), startsAt: '2020-04-20T10:00:00Z', endsAt: '2020-04-20T11:00:00Z', format: 'virtual' }));
    });

    it('refuses a contribution over 100,000 characters', async () => {
      await namesField('text', () => call('POST', `/api/consultations/${open}/contributions`, BRAZIL, { kind: 'comment', section: '1', text: 'x'.repeat(100_001), language: 'en' }));
    });
  });

  describe('publishContributions with many ids', () => {
    const publish = (contributionIds: string[]) => command(open, 'publishContributions', { contributionIds });
    const unknown = (n: number) => Array.from({ length: n }, (_, i) => `unknown-${i}`);

    it.each([1_000, 10_000])('refuses %i unknown ids with a 400 that names some and counts the rest', async (n) => {
      const { status, body } = await publish(unknown(n));
      expect(status).toBe(400);
      expect(body.message).toMatch(new RegExp(`unknown-0, .* and ${n - 20} more$`));
    });

    it('refuses more than 10,000 ids, naming the field', async () => {
      await namesField('payload.contributionIds', () => publish(unknown(10_001)));
    });

    it('publishes 10,000 ids that are all contributions to the consultation', async () => {
      const all = (await call('GET', `/api/consultations/${open}/contributions`, 'secretariat')).body.items.map((c: { id: string }) => c.id);
      const many = Array.from({ length: 10_000 }, (_, i) => all[i % all.length]);
      const { status, body } = await publish(many);
      expect({ status, type: body.events?.[0]?.type }).toEqual({ status: 200, type: 'ContributionsPublished' });
      expect((await call('GET', `/api/consultations/${open}/contributions`)).body.total).toBe(all.length);
    });
  });

  describe('publishDraft version', () => {
    it('accepts a JSON number and keeps it as its string', async () => {
      const draft = await command(ids[0], 'publishDraft', { documentRef: 'D', version: 2, sections: [{ number: '1', title: 'Intro' }] });
      expect(draft.status).toBe(200);
      expect(draft.body.events[0].data.version).toBe('2');
      expect((await call('GET', `/api/consultations/${ids[0]}`)).body.drafts).toEqual([expect.objectContaining({ version: '2' })]);
    });
  });

  describe('PUT /api/clock', () => {
    it('refuses to move time backwards with a 409 that says so, and changes nothing', async () => {
      const before = (await call('PUT', '/api/clock', 'secretariat', { now: '2020-04-02T09:00:00Z' })).body.now;
      const { status, body } = await call('PUT', '/api/clock', 'secretariat', { now: '2020-04-01T09:00:00Z' });
      expect({ status, message: body.message }).toEqual({ status: 409, message: expect.stringMatching(/never moves backwards/) });
      expect((await call('GET', '/api/deadlines')).body.now).toBe(before);
    });

    it.each(BAD_INSTANTS)('refuses now=%p, naming the field', async (value) => {
      await namesField('now', () => call('PUT', '/api/clock', 'secretariat', { now: value }));
    });
  });
});
