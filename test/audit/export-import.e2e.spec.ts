import { readFileSync, writeFileSync } from 'node:fs';
import { tempDir } from '../support/spawn-app';
import { consult, described } from './support/cli';

jest.setTimeout(180_000);

/** An auditor's round trip with the CLI alone: the GCA history exported from one SQLite store, imported into a fresh one. */
describe('consult export → consult import (SQLite → fresh SQLite)', () => {
  const data = tempDir();
  const source = { CONSULT_SQLITE_PATH: `${data.path}/source.db` };
  const file = `${data.path}/gca.jsonl`;
  let id: string;

  beforeAll(() => {
    const demo = consult(['demo', 'gca', '--data', source.CONSULT_SQLITE_PATH], {});
    expect({ code: demo.code, out: described(demo) }).toMatchObject({ code: 0 });
    id = /consultation ([0-9a-f-]{36}):/.exec(demo.stdout)![1];
    const exported = consult(['export', id, '--format', 'jsonl'], source);
    expect(exported.code).toBe(0);
    writeFileSync(file, exported.stdout);
  });

  afterAll(() => data.remove());

  it('exports the history with its changes, stream and metadata, and the contributions', () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const moved = lines.find((l) => l.type === 'MeetingRescheduled');
    expect(moved).toMatchObject({ stream: `consultation-${id}`, reason: expect.stringContaining('CL-20/18'), metadata: { workflow: expect.stringMatching(/^council-approval@/) } });
    expect(moved.changes).toContainEqual({ field: 'meetings[ocm-1].startsAt', from: '2020-04-06T14:00:00+02:00', to: '2020-04-23T13:00:00+02:00' });
    expect(lines.some((l) => l.stream === `contributions-${id}`)).toBe(true);
    const csv = consult(['export', id, '--format', 'csv'], source).stdout.split('\n');
    expect(csv.find((line) => line.includes('MeetingRescheduled'))).toContain('meetings[ocm-1].startsAt');
  });

  it('imports into a fresh store with the same hashes, and the copy verifies', () => {
    const target = { CONSULT_SQLITE_PATH: `${data.path}/target.db` };
    const run = consult(['import', file], target);
    expect({ code: run.code, out: described(run) }).toMatchObject({ code: 0 });
    expect(run.stdout).toMatch(/imported \d+ events in 2 streams into the sqlite store/);
    expect(run.stdout).toContain('hashes: every hash recomputed by the store equals the exported one');
    expect(run.stdout).toContain(`ok     ${id}`);
    expect(run.stdout).toContain('1 consultations verified, 0 failed');
    const again = consult(['export', id, '--format', 'jsonl'], target).stdout.trim().split('\n').map((line) => JSON.parse(line).hash);
    expect(again).toEqual(readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line).hash));
    expect(consult(['verify', id], target).code).toBe(0);
  });

  it('refuses a store that already holds the consultation', () => {
    const target = { CONSULT_SQLITE_PATH: `${data.path}/twice.db` };
    expect(consult(['import', file], target).code).toBe(0);
    const second = consult(['import', file], target);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already holds consultation-.*fresh store/);
  });

  it('names the first event of an edited export whose hash no longer matches', () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const index = lines.findIndex((l) => l.type === 'MeetingRescheduled');
    lines[index].data.startsAt = '2020-04-24T13:00:00+02:00';
    const edited = `${data.path}/edited.jsonl`;
    writeFileSync(edited, lines.map((l) => JSON.stringify(l)).join('\n'));
    const run = consult(['import', edited], { CONSULT_SQLITE_PATH: `${data.path}/edited.db` });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`hashes: MISMATCH, first at consultation-${id} revision ${lines[index].revision}: hash exported ${lines[index].hash}`);
  });

  it('refuses a file that is not an export, naming the line', () => {
    const bad = `${data.path}/bad.jsonl`;
    writeFileSync(bad, '{"stream": "consultation-x"}\n');
    const run = consult(['import', bad], { CONSULT_SQLITE_PATH: `${data.path}/bad.db` });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 1: field revision is missing or invalid/);
    expect(consult(['import', `${data.path}/missing.jsonl`], { CONSULT_SQLITE_PATH: `${data.path}/bad.db` }).stderr).toMatch(/cannot read .*ENOENT/);
  });
});
