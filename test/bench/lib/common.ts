import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent } from '@consult/event-store';
import { uniqueSchema, withClient } from '../../../libs/event-store/src/adapters/postgres.test-database';

/** Run-wide settings: `--quick` shortens every timed loop and shrinks the data sets. */
export interface BenchConfig {
  quick: boolean;
  /** Seconds each timed append loop runs. */
  appendSeconds: number;
  /** Events in the read-all store. */
  readAllEvents: number;
  /** Seconds each HTTP arrival rate is held. */
  httpSeconds: number;
  httpRates: number[];
  /** Open consultations the HTTP commands go round. */
  httpPool: number;
  /** Pending deadlines in the sweep (and consultations in the replay/rebuild store). */
  pendingDeadlines: number;
  dueAtOnce: number;
  stateAtEvents: number;
  stateAtSamples: number;
  databaseUrl: string;
  only?: Set<string>;
}

export const DURABILITY = {
  sqlite: 'WAL+FULL',
  postgres: 'sync_commit=on',
} as const;

/** One row of the printed table (and of latest.json). */
export interface Row {
  section: string;
  test: string;
  backend: 'sqlite' | 'postgres' | 'http' | '-';
  unit: string;
  ours: number | null;
  emmett?: number | null;
  ceiling?: number | null;
  /** What the ceiling is, e.g. "raw better-sqlite3, 1 tx/append". */
  ceilingLabel?: string;
  durability: string;
  /** Higher is better unless false (latencies). */
  higherIsBetter?: boolean;
  target?: string;
  met?: boolean | null;
  note?: string;
  extra?: Record<string, unknown>;
}

export const seconds = (startNs: bigint): number => Number(process.hrtime.bigint() - startNs) / 1e9;

/** Calls `once` back to back for `durationS`; returns calls per second. */
export async function timedRate(durationS: number, once: (i: number) => Promise<unknown> | unknown): Promise<number> {
  const start = process.hrtime.bigint();
  const until = Date.now() + durationS * 1000;
  let count = 0;
  while (Date.now() < until) {
    await once(count);
    count += 1;
  }
  return count / seconds(start);
}

/** `callers` loops at once for `durationS`; returns the sum of their rates. */
export async function concurrentRate(callers: number, durationS: number, once: (caller: number, i: number) => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  const until = Date.now() + durationS * 1000;
  let count = 0;
  let failure: unknown;
  // Every loop stops at the first failure of any, and all have ended before this returns.
  await Promise.allSettled(Array.from({ length: callers }, async (_, caller) => {
    for (let i = 0; Date.now() < until && failure === undefined; i += 1) {
      try {
        await once(caller, i);
      } catch (error) {
        failure ??= error;
        return;
      }
      count += 1;
    }
  }));
  if (failure !== undefined) throw failure;
  return count / seconds(start);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

const TEXT = 'The draft should state how Member States report progress on each pillar, and when; '
  + 'section 3 needs a timeline and a named focal point in each administration.';

/**
 * A realistic event: ~300 bytes of data, ~200 bytes of metadata (JSON), the same
 * shape for every system compared, and a time-ordered v7 id as the engine makes them
 * (Emmett assigns its own message ids; the raw table stores the id unindexed).
 */
export function benchEvent(index = 0): NewEvent {
  return {
    id: uuidv7(),
    type: 'ContributionSubmitted',
    data: {
      contributionId: randomUUID(),
      kind: 'comment',
      section: '3',
      language: 'en',
      index,
      text: TEXT,
    },
    metadata: {
      actor: { sub: 'participant:bra', role: 'participant', group: 'member-state', org: 'BRA' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      workflow: 'council-approval@1',
      recordedAt: '2020-04-23T12:00:00.000Z',
    },
  };
}

export const benchEvents = (count: number): NewEvent[] => Array.from({ length: count }, (_, i) => benchEvent(i));

export const uniqueName = uniqueSchema;

/** A scratch directory removed at the end of the run. */
export function scratchDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'consult-bench-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A connection string whose sessions use `schema` first (for Emmett, which names no schema). */
export function urlWithSearchPath(url: string, schema: string): string {
  // node-postgres decodes the query with decodeURIComponent: a '+' would stay a '+'.
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Schemas created by this run, dropped at the end whatever happens. */
export class SchemaRegistry {
  private readonly schemas = new Set<string>();
  constructor(private readonly url: string) {}

  async create(prefix: string): Promise<string> {
    const name = uniqueName(prefix);
    await withClient(this.url, (c) => c.query(`CREATE SCHEMA "${name}"`));
    this.schemas.add(name);
    return name;
  }

  /** A name the caller's code will create itself (e.g. PostgresEventStore.open). */
  reserve(prefix: string): string {
    const name = uniqueName(prefix);
    this.schemas.add(name);
    return name;
  }

  async drop(name: string): Promise<void> {
    await withClient(this.url, (c) => c.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`));
    this.schemas.delete(name);
  }

  async dropAll(): Promise<void> {
    if (this.schemas.size === 0) return;
    await withClient(this.url, async (c) => {
      for (const schema of this.schemas) await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    this.schemas.clear();
  }
}

/** Checks and returns the durability setting a PostgreSQL session runs with. */
export async function pgDurability(url: string): Promise<string> {
  return withClient(url, async (c) => {
    const sync = (await c.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
    const fsync = (await c.query('SHOW fsync')).rows[0].fsync;
    if (sync !== 'on' || fsync !== 'on') throw new Error(`PostgreSQL must run with synchronous_commit=on and fsync=on (got ${sync}, ${fsync})`);
    return `synchronous_commit=${sync}, fsync=${fsync}`;
  });
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export const fmt = (value: number | null | undefined, digits = 0): string =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
