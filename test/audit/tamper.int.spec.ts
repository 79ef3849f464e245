import { randomUUID } from 'node:crypto';
import { AuditService, VerificationProblem } from '@consult/consultation';
import { BACKENDS, TamperBackend } from './support/backends';
import { ALLOWED_MEETING, FORBIDDEN_DECISION, REV, buildStory, forged } from './support/story';
import { EventRow } from './support/stored-rows';
import { EditOptions, changePayload, deleteEvent, insertEvent, swapEvents } from './support/tamper';

/**
 * Rows edited directly in the database, behind the engine's back. The naive editor is
 * found by `verify` at the event it touched; the insider who recomputes every later hash
 * passes the hash chains, which is what the signed checkpoints are for (tamper-checkpoint.e2e).
 */
type Edit = (rows: EventRow[], head: number, options: EditOptions) => EventRow[];

const EDITS: Record<string, Edit> = {
  'a payload changed (round 1 closes a day earlier)': (rows, _head, o) =>
    changePayload(rows, REV.opened, (data) => ({ ...data, closesAt: '2020-04-30T00:00:00Z' }), o),
  'an event deleted (the second meeting)': (rows, _head, o) => deleteEvent(rows, REV.meeting2, o),
  'two events swapped (the two meetings)': (rows, _head, o) => swapEvents(rows, REV.meeting1, o),
  'an event the machine forbids inserted (approval during the round)': (rows, head, o) =>
    insertEvent(rows, REV.opened, forged(rows[REV.opened], 'CouncilDecisionRecorded', FORBIDDEN_DECISION, randomUUID()), head, o),
  'an event the machine allows inserted (a third meeting)': (rows, head, o) =>
    insertEvent(rows, REV.opened, forged(rows[REV.opened], 'MeetingScheduled', ALLOWED_MEETING, randomUUID()), head, o),
};

const firstProblem = (problems: VerificationProblem[]) => [...problems].sort((a, b) => a.revision - b.revision)[0];

describe.each(BACKENDS)('tampering with stored rows on %s', (_name, open) => {
  let backend: TamperBackend;
  let audit: AuditService;
  let untouched: string;

  beforeAll(async () => {
    backend = await open();
    audit = new AuditService(backend.store);
    untouched = await buildStory(backend.store);
  });

  afterAll(() => backend?.cleanup());

  /** Builds a consultation of its own, applies the edit to its stream's rows, and verifies it. */
  async function tampered(edit: Edit, options: EditOptions) {
    const id = await buildStory(backend.store);
    const stream = `consultation-${id}`;
    expect(await audit.verify(id)).toMatchObject({ ok: true, problems: [] });
    const before = await backend.rows.stream(stream);
    const after = edit(before, await backend.rows.headPosition(), options);
    expect(after).not.toEqual(before);
    await backend.rows.replace(before, after);
    expect(await backend.rows.stream(stream)).toEqual(after);
    return { stream, result: await audit.verify(id) };
  }

  it('an untouched store verifies', async () => {
    expect(await audit.verify(untouched)).toEqual({ ok: true, events: 6, problems: [] });
  });

  describe('the naive editor (stored hashes left as they were) is found at the event touched', () => {
    it('a payload change: the content no longer hashes to its hash', async () => {
      const { stream, result } = await tampered(EDITS['a payload changed (round 1 closes a day earlier)'], { rehash: false });
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([expect.objectContaining({ stream, revision: REV.opened, problem: 'hash-mismatch' })]);
    });

    it('a deletion: the next event carries a revision one too far and links to the missing one', async () => {
      const { stream, result } = await tampered(EDITS['an event deleted (the second meeting)'], { rehash: false });
      expect(result.ok).toBe(false);
      expect(firstProblem(result.problems)).toMatchObject({ stream, revision: REV.meeting2 + 1, problem: 'revision-gap', detail: `expected revision ${REV.meeting2}, found ${REV.meeting2 + 1}` });
      expect(result.problems).toContainEqual(expect.objectContaining({ stream, revision: REV.meeting2 + 1, problem: 'prev-hash-mismatch' }));
    });

    it('a swap: the first of the two no longer links to its predecessor', async () => {
      const { stream, result } = await tampered(EDITS['two events swapped (the two meetings)'], { rehash: false });
      expect(result.ok).toBe(false);
      expect(firstProblem(result.problems)).toMatchObject({ stream, revision: REV.meeting1, problem: 'prev-hash-mismatch' });
      expect(result.problems.every((p) => p.revision >= REV.meeting1)).toBe(true);
    });

    it('a forbidden insertion: the replay refuses it where it stands, and the chain breaks right after', async () => {
      const { stream, result } = await tampered(EDITS['an event the machine forbids inserted (approval during the round)'], { rehash: false });
      expect(result.ok).toBe(false);
      expect(firstProblem(result.problems)).toMatchObject({ stream, revision: REV.opened, problem: 'illegal-transition' });
      expect(result.problems.find((p) => p.problem === 'illegal-transition')?.detail).toBe('CouncilDecisionRecorded is not accepted in state draftPublished');
      expect(result.problems).toContainEqual(expect.objectContaining({ stream, revision: REV.opened + 1, problem: 'prev-hash-mismatch' }));
    });
  });

  describe('the insider (every later hash recomputed) passes the hash chains', () => {
    it.each([
      'a payload changed (round 1 closes a day earlier)',
      'an event deleted (the second meeting)',
      'two events swapped (the two meetings)',
      'an event the machine allows inserted (a third meeting)',
    ])('%s: plain verify says ok, which is why auditors keep checkpoints', async (name) => {
      const { result } = await tampered(EDITS[name], { rehash: true });
      expect(result).toMatchObject({ ok: true, problems: [] });
    });

    it('an event the machine forbids is still refused by the replay, at its revision, with the chain whole', async () => {
      const { stream, result } = await tampered(EDITS['an event the machine forbids inserted (approval during the round)'], { rehash: true });
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([
        { stream, revision: REV.opened, eventId: expect.any(String), problem: 'illegal-transition', detail: 'CouncilDecisionRecorded is not accepted in state draftPublished' },
      ]);
    });
  });

  it('leaves the untouched consultation of the same store verifying', async () => {
    expect(await audit.verify(untouched)).toEqual({ ok: true, events: 6, problems: [] });
  });
});
