import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, NewEvent, SqliteEventStore } from '@consult/event-store';
import { AuditService } from '@consult/consultation';
import { toJsonl } from './export-format';
import { ImportTargetNotFresh, InvalidExport, importStreams, parseExport } from './import-export';

const ID = '0190a1b2-0000-7000-8000-000000000001';
const SECRETARIAT = { sub: 'sg', role: 'secretariat' as const, name: 'Secretariat' };
const meta = (recordedAt: string, extra: Record<string, unknown> = {}) => ({
  actor: SECRETARIAT, correlationId: `c-${recordedAt}`, causationId: `c-${recordedAt}`, workflow: 'council-approval@1', recordedAt, ...extra,
});
const event = (n: number, type: string, data: Record<string, unknown>, recordedAt: string, extra?: Record<string, unknown>): NewEvent =>
  ({ id: `0190a1b2-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`, type, data, metadata: meta(recordedAt, extra) });

/** A small consultation: launch, a meeting scheduled then moved, and one contribution in its own stream. */
async function seed(store: EventStore): Promise<void> {
  await store.append(`consultation-${ID}`, [event(0, 'ConsultationLaunched', {
    consultationId: ID, workflow: 'council-approval', version: 1, title: { en: 'GCA', ar: 'مبادئ' }, reference: 'CL-19/47',
    eligibleGroups: ['member-state'], timezone: 'Europe/Zurich', launchedAt: '2019-10-15T07:00:00.000Z',
  }, '2019-10-15T07:00:00.000Z')], { expectedRevision: 'no-stream' });
  await store.append('unrelated-stream', [event(90, 'Noise', {}, '2019-10-15T07:01:00.000Z')]);
  await store.append(`consultation-${ID}`, [event(1, 'MeetingScheduled', {
    meetingId: 'ocm-1', startsAt: '2020-04-06T14:00:00+02:00', endsAt: '2020-04-06T17:00:00+02:00', format: 'physical', scheduledAt: '2019-10-15T07:05:00.000Z',
  }, '2019-10-15T07:05:00.000Z')], { expectedRevision: 0 });
  await store.append(`contributions-${ID}`, [event(50, 'ContributionSubmitted', { contributionId: 'k1', text: '=1+1 ünïcode "quoted"' }, '2019-11-01T10:00:00.000Z', { idempotencyKey: 'k' })]);
  await store.append(`consultation-${ID}`, [event(2, 'MeetingRescheduled', {
    meetingId: 'ocm-1', startsAt: '2020-04-23T13:00:00+02:00', endsAt: '2020-04-23T14:30:00+02:00', reason: 'CL-20/18', rescheduledAt: '2020-03-18T09:00:00.000Z',
  }, '2020-03-18T09:00:00.000Z', { reason: 'CL-20/18' })], { expectedRevision: 1 });
}

describe('export → import into a fresh SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consult-import-'));
  let source: EventStore;
  let jsonl: string;
  const fresh = async (name: string) => SqliteEventStore.open({ path: join(dir, `${name}.db`) });

  beforeAll(async () => {
    source = await fresh('source');
    await seed(source);
    jsonl = toJsonl(await new AuditService(source).exportRecords(ID));
  });

  afterAll(async () => {
    await source.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every event again with the same hashes, and the copy verifies', async () => {
    const target = await fresh('target');
    try {
      const result = await importStreams(target, parseExport(jsonl));
      expect(result).toEqual({ streams: 2, events: 4, hashesMatch: true });
      expect(await new AuditService(target).verify(ID)).toEqual({ ok: true, events: 4, problems: [] });
      const again = await new AuditService(target).exportRecords(ID);
      const strip = (text: string) => text.trim().split('\n').map((line) => ({ ...JSON.parse(line), position: 0 }));
      expect(again.map((r) => ({ ...r, position: 0 }))).toEqual(strip(jsonl));
    } finally {
      await target.close();
    }
  });

  it('names the first event whose recomputed hash differs from the exported one', async () => {
    const target = await fresh('tampered');
    try {
      const lines = jsonl.trim().split('\n').map((line) => JSON.parse(line));
      const moved = lines.find((l) => l.type === 'MeetingRescheduled');
      moved.data.startsAt = '2020-04-24T13:00:00+02:00';
      const result = await importStreams(target, parseExport(lines.map((l) => JSON.stringify(l)).join('\n')));
      expect(result.hashesMatch).toBe(false);
      expect(result.firstMismatch).toMatchObject({ stream: `consultation-${ID}`, revision: 2, field: 'hash', exported: moved.hash });
    } finally {
      await target.close();
    }
  });

  it('refuses a target that already holds one of the streams, but not an unrelated store', async () => {
    const target = await fresh('busy');
    try {
      await target.append('unrelated-stream', [event(91, 'Noise', {}, '2019-10-15T07:01:00.000Z')]);
      await expect(importStreams(target, parseExport(jsonl))).resolves.toMatchObject({ hashesMatch: true });
      await expect(importStreams(target, parseExport(jsonl))).rejects.toThrow(ImportTargetNotFresh);
    } finally {
      await target.close();
    }
  });

  it('refuses a file that is not an export, naming the line or the missing revision', () => {
    expect(() => parseExport('')).toThrow(InvalidExport);
    expect(() => parseExport(`${jsonl}not json\n`)).toThrow(/line 5 is not JSON/);
    expect(() => parseExport('{"stream":"s"}')).toThrow(/line 1: field revision is missing or invalid/);
    const withoutSecond = jsonl.trim().split('\n').filter((line) => JSON.parse(line).type !== 'MeetingScheduled').join('\n');
    expect(() => parseExport(withoutSecond)).toThrow(/consultation-.*: revision 1 is missing/);
    const lines = jsonl.trim().split('\n');
    expect(() => parseExport([...lines, lines[0]].join('\n'))).toThrow(/consultation-.*: revision 0 is given twice/);
  });
});
