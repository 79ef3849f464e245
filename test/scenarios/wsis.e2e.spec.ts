import { Audience, runTimeline, StepRecord, wsis2019Timeline, wsis2020Timeline } from '../../libs/demo/src';
import { clientFor, tokens } from '../support/consult-client';
import { RunningApi, startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { ARABIC, course, expectedCourse, feedOf, scenarioSubscribers, subscribeAll } from './scenario-notifications';
import { WSIS2019_COURSE, WSIS2020_COURSE, wsis2020Extended } from './wsis.courses';

/** WSIS 2019 addresses every stakeholder group but sector members and associates; WSIS 2020 addresses associates too. */
const READERS = scenarioSubscribers('associate');
const token = (claims: object) => tokens.sign(claims as never);

jest.setTimeout(120_000);

describe('WSIS Forum open consultations (seeds 001/002) over HTTP', () => {
  const data = tempDir();
  let api: RunningApi;
  let call: ReturnType<typeof clientFor>;
  let audience: Audience;

  beforeAll(async () => {
    api = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_CLOCK: 'manual' });
    call = clientFor(api.baseUrl);
    audience = await subscribeAll(api.baseUrl, Object.values(READERS));
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  describe('WSIS 2019: five phases', () => {
    let id: string;
    let records: StepRecord[];
    beforeAll(async () => {
      ({ id, records } = await runTimeline(wsis2019Timeline, { baseUrl: api.baseUrl, token, audience }));
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

    it('tells the secretariat (en) and a member state (ar) each phase, reminders P7D/P1D before each meeting start and phase end', async () => {
      expect(course(await feedOf(audience, READERS.secretariat, id))).toEqual(WSIS2019_COURSE);
      const arabic = await feedOf(audience, READERS.memberState, id);
      expect(course(arabic)).toEqual(WSIS2019_COURSE);
      expect(arabic.every((n) => n.language === 'ar' && ARABIC.test(n.title))).toBe(true);
    });

    it('names a phase in a reminder by its title in the reader\'s language, where the workflow gives one', async () => {
      const reminders = (await feedOf(audience, READERS.memberState, id)).filter((n) => n.type === 'deadline.reminder');
      expect(reminders.filter((n) => n.body.includes('نهاية المرحلة: \u2068إطلاق افتراضي\u2069'))).toHaveLength(2);
      expect(reminders.filter((n) => /Virtual launch ends/.test(n.body))).toEqual([]);
    });

    it('reminds of the 10 February deadline a week and a day before, in the reader\'s language', async () => {
      const step = records.find((r) => r.step.note.includes('binding workshop request'))!;
      const reminders = step.notifications.filter((n) => n.type === 'deadline.reminder');
      expect(reminders.map((n) => [n.subscriber, n.language])).toEqual([['secretariat', 'en'], ['Egypt', 'ar']]);
      expect(reminders[0].body).toContain('End of phase: Deadline for formal contributions and workshop requests — 10 February 2019 at 23:59');
      expect(reminders[0].body).toContain('in 7 days');
      expect(reminders[1].body).toContain('10 فبراير 2019');
    });

    it('tells an associate, whom it does not address, nothing', async () => {
      expect(await feedOf(audience, READERS.outsider, id)).toEqual([]);
    });
  });

  describe('WSIS 2020: the forum goes virtual (CL-20/025)', () => {
    let id: string;
    beforeAll(async () => {
      ({ id } = await runTimeline(wsis2020Timeline, { baseUrl: api.baseUrl, token, audience }));
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

    it('tells every addressed reader, an associate too, the forum\'s moves and CL-20/025\'s switch to virtual', async () => {
      expect(course(await feedOf(audience, READERS.secretariat, id))).toEqual(WSIS2020_COURSE);
      expect(course(await feedOf(audience, READERS.outsider, id))).toEqual(WSIS2020_COURSE);
      const arabic = await feedOf(audience, READERS.memberState, id);
      expect(course(arabic)).toEqual(WSIS2020_COURSE);
      const [en, ar] = [READERS.secretariat, READERS.memberState].map(async (reader) => (await feedOf(audience, reader, id)).find((n) => n.type === 'meeting.format-changed')!);
      expect((await en).body).toMatch(/“WSIS Forum 2020”.*will now be held online \(previously in person\)\. Reason: CL-20\/025/);
      expect((await ar).body).toMatch(ARABIC);
      expect((await ar).body).toContain('عبر الإنترنت');
    });

    it('never reminds of the forum\'s earlier dates (6 April, 7 September)', async () => {
      const bodies = (await feedOf(audience, READERS.secretariat, id)).filter((n) => n.type === 'deadline.reminder').map((n) => n.body);
      expect(bodies.some((body) => /6 April 2020|7 September 2020/.test(body))).toBe(false);
      expect(bodies[2]).toContain('Meeting: WSIS Forum 2020 — 22 June 2020 at 09:00 (Europe/Zurich, UTC+02:00), in 1 day');
    });
  });

  describe('WSIS 2020 with its open call extended by a week (a variant: the seed has no extension)', () => {
    let id: string;
    let variantAudience: Audience;
    beforeAll(async () => {
      // Its own api: the manual clock never moves back to 2019.
      const variant = await startApi({ CONSULT_SQLITE_PATH: `${data.path}/variant.db`, CONSULT_CLOCK: 'manual' });
      variantAudience = await subscribeAll(variant.baseUrl, Object.values(READERS));
      ({ id } = await runTimeline(wsis2020Extended, { baseUrl: variant.baseUrl, token, audience: variantAudience }));
    });

    it('sends deadline.changed, old → new with why, and reminds of the new end only', async () => {
      const feed = await feedOf(variantAudience, READERS.secretariat, id);
      expect(course(feed)).toEqual(expectedCourse([
        ['2019-12-02T09:00:00+01:00', 'consultation.launched'], ['2020-01-06T09:00:00+01:00', 'phase.started'],
        ['2020-02-20T10:00:00+01:00', 'deadline.changed'], ['2020-03-01T23:59:59+01:00', 'deadline.reminder'],
        ['2020-03-07T23:59:59+01:00', 'deadline.reminder'], ['2020-03-08T23:59:59+01:00', 'phase.started'],
      ]));
      const changed = feed.find((n) => n.type === 'deadline.changed')!;
      expect(changed.body).toMatch(/from 1 March 2020 at 23:59.* to 8 March 2020 at 23:59.*Reason: More time for workshop requests/);
      const arabic = (await feedOf(variantAudience, READERS.memberState, id)).find((n) => n.type === 'deadline.changed')!;
      expect(arabic.body).toMatch(/1 مارس 2020[\s\S]*8 مارس 2020/);
    });
  });
});
