import { runTimeline, StepRecord, wsis2019Timeline, wsis2020Timeline } from '../../libs/demo/src';
import { clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(120_000);

describe('WSIS Forum open consultations (seeds 001/002) over HTTP', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  describe('WSIS 2019: five phases', () => {
    let id: string;
    let records: StepRecord[];
    beforeAll(async () => {
      ({ id, records } = await runTimeline(wsis2019Timeline, { baseUrl: api.baseUrl, token: (claims) => tokens.sign(claims as never) }));
    });

    it('walks the five phases in order, advanced by their dates, and concludes', () => {
      const phases = records.map((r) => r.phase).filter((p, i, all) => p && p !== all[i - 1]);
      expect(phases).toEqual(['launch', 'igf-meeting', 'geneva-meeting', 'deadline', 'final-brief']);
      expect(records[records.length - 1].state).toBe('concluded');
    });

    it('enforces the 10 February 2019 deadline for formal contributions', () => {
      const lastMinute = records.find((r) => r.step.note.includes('a minute before the deadline'))!;
      expect(lastMinute.status).toBe(201);
      const late = records.find((r) => r.step.note.includes('after the deadline'))!;
      expect(late.status).toBe(409);
      expect(late.body.message).toMatch(/formal-contribution/);
    });

    it('publishes the four accepted contributions', async () => {
      const published = await call('GET', `/api/consultations/${id}/contributions`);
      expect(published.body.items.map((c: { kind: string }) => c.kind).sort())
        .toEqual(['formal-contribution', 'formal-contribution', 'nomination', 'workshop-request']);
    });

    it('verifies', async () => {
      expect((await call('GET', `/api/consultations/${id}/verify`, 'auditor')).body.ok).toBe(true);
    });
  });

  describe('WSIS 2020: the forum goes virtual (CL-20/025)', () => {
    let id: string;
    beforeAll(async () => {
      ({ id } = await runTimeline(wsis2020Timeline, { baseUrl: api.baseUrl, token: (claims) => tokens.sign(claims as never) }));
    });

    it('moves the forum to 22 June - 10 September 2020, virtual, with the reasons kept', async () => {
      const { body } = await call('GET', `/api/consultations/${id}`);
      const forum = body.meetings.find((m: { id: string }) => m.id === 'forum');
      expect(forum.format).toBe('virtual');
      expect(Date.parse(forum.startsAt)).toBe(Date.parse('2020-06-22T09:00:00+02:00'));
      expect(Date.parse(forum.endsAt)).toBe(Date.parse('2020-09-10T18:00:00+02:00'));
      expect(JSON.stringify(forum.history)).toContain('CL-20/025');
      expect(body.state).toBe('concluded');
    });

    it('was physical in Geneva as of May 2020', async () => {
      const before = await call('GET', `/api/consultations/${id}/state?at=2020-05-01T00:00:00Z`, 'auditor');
      const forum = before.body.view.meetings.find((m: { id: string }) => m.id === 'forum');
      expect(forum.format).toBe('physical');
    });
  });
});
