import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApi } from '../support/spawn-api';
import { stopAll, tempDir } from '../support/spawn-app';
import { BACKENDS, TamperBackend } from './support/backends';
import { consult, described } from './support/cli';
import { ALLOWED_MEETING, FORBIDDEN_DECISION, REV, buildStory, forged } from './support/story';
import { EventRow } from './support/stored-rows';
import { changePayload, deleteEvent, insertEvent, swapEvents } from './support/tamper';

jest.setTimeout(180_000);

/**
 * The insider: someone with write access to the database and the code edits rows and
 * recomputes every later hash, so every hash chain is whole again. An auditor who saved
 * a signed checkpoint before the edit (GET /api/audit/checkpoint) and runs
 * `consult verify --checkpoint FILE` with nothing else finds each edit.
 */
type InsiderEdit = (rows: EventRow[], head: number) => EventRow[];
const rehash = { rehash: true };

interface Case {
  name: string;
  edit: InsiderEdit;
  /** Plain verify (hash chains and replay) still finds it: only a forbidden event. */
  plainFinds: boolean;
  /**
   * The revision whose stored position is the first leaf that differs from the signed log;
   * `named` when the event now at that leaf is this stream's event at that revision (an
   * insertion moves the later events to new positions, so another stream's event follows on).
   */
  diverges: { revision: number; named: boolean };
}

const CASES: Case[] = [
  {
    name: 'a payload changed', plainFinds: false, diverges: { revision: REV.opened, named: true },
    edit: (rows) => changePayload(rows, REV.opened, (d) => ({ ...d, closesAt: '2020-04-30T00:00:00Z' }), rehash),
  },
  { name: 'an event deleted', plainFinds: false, diverges: { revision: REV.meeting2, named: true }, edit: (rows) => deleteEvent(rows, REV.meeting2, rehash) },
  { name: 'two events swapped', plainFinds: false, diverges: { revision: REV.meeting1, named: true }, edit: (rows) => swapEvents(rows, REV.meeting1, rehash) },
  {
    name: 'an event the machine allows inserted', plainFinds: false, diverges: { revision: REV.opened, named: false },
    edit: (rows, head) => insertEvent(rows, REV.opened, forged(rows[REV.opened], 'MeetingScheduled', ALLOWED_MEETING, randomUUID()), head, rehash),
  },
  {
    name: 'an event the machine forbids inserted', plainFinds: true, diverges: { revision: REV.opened, named: false },
    edit: (rows, head) => insertEvent(rows, REV.opened, forged(rows[REV.opened], 'CouncilDecisionRecorded', FORBIDDEN_DECISION, randomUUID()), head, rehash),
  },
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(BACKENDS)('an insider edit against a saved checkpoint, on %s', (_name, open) => {
  const files = tempDir('consult-checkpoint-');
  const checkpointFile = join(files.path, 'checkpoint.txt');
  let backend: TamperBackend;
  let env: Record<string, string>;
  /** The published verifier key: the auditor passes it with --key rather than trusting the store's. */
  let key: string;
  let head: number;
  const ids: Record<string, string> = {};
  const verifyAgainst = () => consult(['verify', '--checkpoint', checkpointFile, '--key', key], env);

  beforeAll(async () => {
    backend = await open();
    for (const c of CASES) ids[c.name] = await buildStory(backend.store);
    const { privateKey } = generateKeyPairSync('ed25519');
    // The manual clock: nothing falls due and is appended while the checkpoint is taken.
    env = { ...backend.env, CONSULT_CLOCK: 'manual', CONSULT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    head = await backend.rows.headPosition();
    const api = await startApi(env);
    try {
      const answer = await fetch(`${api.baseUrl}/api/audit/checkpoint`);
      expect(answer.status).toBe(200);
      const note = await answer.text();
      expect(note.split('\n')[1]).toBe(String(head)); // the tree size: every event so far
      writeFileSync(checkpointFile, note);
      key = (await (await fetch(`${api.baseUrl}/api/audit/public-key`)).text()).trim();
    } finally {
      await api.stop(); // nothing grows the log or its stored tree from here on
    }
  });

  afterAll(async () => {
    await stopAll();
    await backend?.cleanup();
    files.remove();
  });

  it('the untouched store verifies, and extends the checkpoint', () => {
    const plain = consult(['verify', '--all'], env);
    expect(plain.code).toBe(0);
    const against = verifyAgainst();
    expect({ code: against.code, out: described(against) }).toMatchObject({ code: 0 });
    expect(against.stdout).toContain(`the log (${head} events, recomputed from their content) extends it`);
  });

  it.each(CASES)('$name, every later hash recomputed: found against the checkpoint at its position', async ({ name, edit, plainFinds, diverges }) => {
    const id = ids[name];
    const stream = `consultation-${id}`;
    const before = await backend.rows.stream(stream);
    const after = edit(before, await backend.rows.headPosition());
    await backend.rows.replace(before, after);
    try {
      const plain = consult(['verify', id], env);
      expect({ code: plain.code, out: described(plain) }).toMatchObject({ code: plainFinds ? 1 : 0 });
      if (plainFinds) expect(plain.stdout).toContain(`${stream}@${REV.opened}: illegal-transition`);

      const against = verifyAgainst();
      expect({ code: against.code, out: described(against) }).toMatchObject({ code: 1 });
      const at = `the log diverges from the checkpoint at position ${before[diverges.revision].position}`;
      expect(against.stdout).toMatch(new RegExp(`^FAILED checkpoint .* at size ${head}: ${at} \\(${diverges.named ? escape(`${stream}@${diverges.revision}`) : '[^)]+'}\\)`, 'm'));
    } finally {
      await backend.rows.replace(after, before);
    }
  });

  it('the store with every edit undone extends the checkpoint again', () => {
    const against = verifyAgainst();
    expect({ code: against.code, out: described(against) }).toMatchObject({ code: 0 });
  });
});
