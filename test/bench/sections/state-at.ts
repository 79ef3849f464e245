import { AuditService } from '@consult/consultation';
import { EventStore, openEventStore } from '@consult/event-store';
import { BenchConfig, Row, SchemaRegistry, log, percentile, scratchDir } from '../lib/common';
import { HistoryBuilder } from '../lib/consultations';

const MEETINGS = 50;
const START = Date.parse('2030-01-06T09:00:00.000Z');

/** A consultation of `total` events: launched, opened, 50 meetings, then reschedulings (one a minute). */
function longHistory(total: number): { history: HistoryBuilder; first: number; last: number } {
  const at = (minute: number) => new Date(START + minute * 60_000).toISOString();
  const history = new HistoryBuilder(crypto.randomUUID(), at(0))
    .command('publishDraft', { documentRef: 'GCA-Guidelines', version: '1', sections: [{ number: '1', title: 'Introduction' }] }, at(1))
    .command('openConsultation', { closesAt: '2031-12-31T12:00:00.000Z' }, at(2));
  const day = (n: number) => new Date(Date.parse('2031-01-01T09:00:00.000Z') + n * 86_400_000);
  for (let m = 0; m < MEETINGS; m += 1) {
    history.command('scheduleMeeting', { meetingId: `m${m}`, startsAt: day(0).toISOString(), endsAt: new Date(day(0).getTime() + 5_400_000).toISOString(), format: 'virtual' }, at(3 + m));
  }
  for (let k = 0; history.events.length < total; k += 1) {
    const starts = day(1 + Math.floor(k / MEETINGS) % 300);
    history.command('rescheduleMeeting', {
      meetingId: `m${k % MEETINGS}`, startsAt: starts.toISOString(), endsAt: new Date(starts.getTime() + 5_400_000).toISOString(),
      reason: 'The room is needed for the Council session; moved by one day.',
    }, at(3 + MEETINGS + k));
  }
  return { history, first: START, last: START + (history.events.length + 1) * 60_000 };
}

async function measure(store: EventStore, samples: number, total: number): Promise<{ p50: number; p99: number }> {
  const { history, first, last } = longHistory(total);
  for (let i = 0; i < history.events.length; i += 500) {
    await store.append(history.stream, history.events.slice(i, i + 500), { expectedRevision: i === 0 ? 'no-stream' : i - 1 });
  }
  const audit = new AuditService(store);
  const times: number[] = [];
  for (let i = 0; i < samples + 5; i += 1) {
    const at = new Date(first + Math.random() * (last - first)).toISOString();
    const t = process.hrtime.bigint();
    const answer = await audit.stateAt(history.id, at);
    if (!answer.exists) throw new Error('state-at: consultation not found at a date after its launch');
    if (i >= 5) times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** Section 5: state on a date (AuditService.stateAt, as `GET /state?at=` runs it) for a 10,000-event consultation. */
export async function stateAtSection(config: BenchConfig, schemas: SchemaRegistry): Promise<Row[]> {
  const rows: Row[] = [];
  const dir = scratchDir();
  try {
    for (const backend of ['sqlite', 'postgres'] as const) {
      const store = backend === 'sqlite'
        ? await openEventStore({ kind: 'sqlite', sqlitePath: `${dir.path}/state.db` })
        : await openEventStore({ kind: 'postgres', sqlitePath: '', databaseUrl: config.databaseUrl, databaseSchema: schemas.reserve('bench_state') });
      try {
        const { p50, p99 } = await measure(store, config.stateAtSamples, config.stateAtEvents);
        log(`\n[5] state on a date, ${config.stateAtEvents} events, ${backend}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${config.stateAtSamples} random dates)`);
        rows.push({
          section: '5 state on a date', test: `${config.stateAtEvents.toLocaleString('en-US')}-event consultation, p99 (p50 in note)`, backend, unit: 'ms',
          ours: p99, higherIsBetter: false, durability: backend === 'sqlite' ? 'journal_mode=WAL, synchronous=FULL' : 'synchronous_commit=on',
          target: 'p99 < 50 ms', met: p99 < 50, note: `p50 ${p50.toFixed(1)} ms over ${config.stateAtSamples} random dates; replayed through the recorded workflow version from verified checkpoints, the replayed tail re-hashed`,
          extra: { p50, p99 },
        });
      } finally {
        await store.close();
      }
    }
  } finally {
    dir.remove();
  }
  return rows;
}
