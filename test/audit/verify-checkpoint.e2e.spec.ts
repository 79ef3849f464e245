import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { GENESIS_HASH, chainHash } from '@consult/event-store';
import { clientFor } from '../support/consult-client';
import { startApi } from '../support/spawn-api';
import { REPO_ROOT, TEST_JWT_SECRET, stopAll, tempDir } from '../support/spawn-app';

jest.setTimeout(120_000);

const LAUNCH = { workflow: 'council-approval', title: { en: 'Checkpoint' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' };
const DRAFT = { type: 'publishDraft', payload: { documentRef: 'DOC-1', version: '1', sections: [{ number: '1', title: 'Scope' }] } };

/** Runs `npm run consult -- <args>` as an auditor would. */
function consult(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['-r', './tools/register.js', 'apps/cli/src/main.ts', ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 90_000, env: { ...process.env, CONSULT_JWT_SECRET: TEST_JWT_SECRET, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The insider: rewrites one event's data and recomputes every later hash of its stream. */
function rewriteAsInsider(path: string, position: number, edit: (data: Record<string, unknown>) => void): void {
  const db = new Database(path);
  try {
    const target = db.prepare('SELECT stream, revision FROM events WHERE position = ?').get(position) as { stream: string; revision: number };
    const rows = db.prepare('SELECT * FROM events WHERE stream = ? ORDER BY revision').all(target.stream) as Record<string, any>[];
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const data = JSON.parse(row.data);
      if (row.position === position) edit(data);
      const hash = chainHash(prev, row.stream, row.revision, { id: row.id, type: row.type, data, metadata: JSON.parse(row.metadata) });
      db.prepare('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE position = ?').run(JSON.stringify(data), prev, hash, row.position);
      prev = hash;
    }
  } finally {
    db.close();
  }
}

describe('consult verify --checkpoint, as an auditor with a saved checkpoint', () => {
  const data = tempDir();
  const env = { CONSULT_SQLITE_PATH: `${data.path}/consult.db`, CONSULT_PUBLIC_URL: 'https://audit.example.org' };
  const file = `${data.path}/checkpoint.txt`;
  let key: string;
  let draftPosition: number;

  beforeAll(async () => {
    const api = await startApi({ ...env, CONSULT_CLOCK: 'manual' });
    const call = clientFor(api.baseUrl);
    for (let i = 0; i < 3; i += 1) {
      const { body } = await call('POST', '/api/consultations', 'secretariat', LAUNCH);
      await call('POST', `/api/consultations/${body.id}/commands`, 'secretariat', DRAFT);
      if (i === 1) draftPosition = (await call('GET', `/api/consultations/${body.id}/history`, 'auditor')).body.events[1].position;
    }
    writeFileSync(file, await (await fetch(`${api.baseUrl}/api/audit/checkpoint`)).text());
    key = (await (await fetch(`${api.baseUrl}/api/audit/public-key`)).text()).trim();
    const { body } = await call('POST', '/api/consultations', 'secretariat', LAUNCH);
    await call('POST', `/api/consultations/${body.id}/commands`, 'secretariat', DRAFT);
    await (await fetch(`${api.baseUrl}/api/audit/checkpoint`)).text();
    await stopAll();
  });

  afterAll(async () => {
    await stopAll();
    data.remove();
  });

  it('proves the current log extends the checkpoint, with the store’s key or the published one', () => {
    for (const args of [['verify', '--checkpoint', file], ['verify', '--checkpoint', file, '--key', key]]) {
      const { code, stdout } = consult(args, env);
      expect({ code, stdout }).toEqual({ code: 0, stdout: expect.stringMatching(/^ok {5}checkpoint audit\.example\.org\/consult at size 6: signature verified/) });
      expect(stdout).toMatch(/the log \(8 events, recomputed from their content\) extends it: consistency proof 6 → 8 verified/);
    }
  });

  it('refuses a note signed by another key and a note edited after signing', () => {
    const other = 'audit.example.org/consult+39ab0f2c+AXrOWMuRWVwl8RM8q3pHmfgu3d8kdWEjCe3slj1UdpRF';
    const wrong = consult(['verify', '--checkpoint', file, '--key', other], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^FAILED checkpoint/);
    const edited = `${data.path}/edited.txt`;
    writeFileSync(edited, require('node:fs').readFileSync(file, 'utf8').replace('\n6\n', '\n5\n'));
    expect(consult(['verify', '--checkpoint', edited], env)).toMatchObject({ code: 1, stdout: expect.stringMatching(/FAILED checkpoint: the signature does not verify/) });
  });

  it('finds an insider’s rewrite (every later hash recomputed) at its position, where the chains verify', () => {
    rewriteAsInsider(env.CONSULT_SQLITE_PATH, draftPosition, (d) => { d.documentRef = 'DOC-FORGED'; });
    expect(consult(['verify', '--all'], env)).toMatchObject({ code: 0 });
    const { code, stdout } = consult(['verify', '--checkpoint', file], env);
    expect(code).toBe(1);
    expect(stdout).toMatch(new RegExp(`FAILED checkpoint audit\\.example\\.org/consult at size 6: the log diverges from the checkpoint at position ${draftPosition} \\(consultation-[0-9a-f-]+@1\\)`));
    expect(consult(['verify', '--all', '--checkpoint', file], env).code).toBe(1);
  });
});
