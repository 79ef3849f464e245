/*
 * Diagnostic (not part of the run): where does a single-event append on PostgreSQL
 * lose against the bare BEGIN/INSERT/COMMIT ceiling? Adds the adapter's pieces one at
 * a time, interleaved, and prints appends/s for each.
 *   node -r ./tools/register.js test/bench/probe-postgres-append.ts
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openEventStore } from '@consult/event-store';
import { SchemaRegistry, benchEvent, timedRate } from './lib/common';

const URL = process.env.CONSULT_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.SECONDS ?? 2);
const ROUNDS = 3;

async function main(): Promise<void> {
  const schemas = new SchemaRegistry(URL);
  const schema = await schemas.create('bench_probe');
  const c = new Client({ connectionString: URL });
  await c.connect();
  const store = await openEventStore({ kind: 'postgres', sqlitePath: '', databaseUrl: URL, databaseSchema: schemas.reserve('bench_probe_ours') });
  try {
    await c.query(`CREATE TABLE "${schema}".bare (position bigserial PRIMARY KEY, stream text, revision int, id text, type text, data json, metadata json)`);
    await c.query(`CREATE TABLE "${schema}".indexed (position bigint PRIMARY KEY, stream text NOT NULL, revision int NOT NULL, id text NOT NULL UNIQUE,
      type text, data json, metadata json, prev_hash text, hash text, recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream, revision))`);
    await c.query(`CREATE TABLE "${schema}".head (singleton boolean PRIMARY KEY, last bigint NOT NULL); INSERT INTO "${schema}".head VALUES (true, 0)`);
    const streams = Array.from({ length: 1000 }, () => `consultation-${randomUUID()}`);
    const revs = new Map<string, number>();
    let pos = 0;
    const row = (i: number) => {
      const e = benchEvent(i);
      const stream = streams[i % 1000];
      const revision = (revs.get(stream) ?? -1) + 1;
      revs.set(stream, revision);
      return [stream, revision, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)];
    };
    const hash = 'a'.repeat(64);
    const variants: [string, (i: number) => Promise<unknown>][] = [
      ['A bare table: BEGIN / INSERT / COMMIT', async (i) => {
        await c.query('BEGIN');
        await c.query(`INSERT INTO "${schema}".bare (stream, revision, id, type, data, metadata) VALUES ($1,$2,$3,$4,$5,$6)`, row(i));
        await c.query('COMMIT');
      }],
      ['B + events indexes (id, stream+revision), hash columns', async (i) => {
        await c.query('BEGIN');
        await c.query(`INSERT INTO "${schema}".indexed (position, stream, revision, id, type, data, metadata, prev_hash, hash) VALUES ($7,$1,$2,$3,$4,$5,$6,$8,$8)`, [...row(i), ++pos, hash]);
        await c.query('COMMIT');
      }],
      ['C + head row lock and UPDATE', async (i) => {
        await c.query(`BEGIN; SELECT last FROM "${schema}".head FOR UPDATE`);
        await c.query(`INSERT INTO "${schema}".indexed (position, stream, revision, id, type, data, metadata, prev_hash, hash) VALUES ($7,$1,$2,$3,$4,$5,$6,$8,$8)`, [...row(i), ++pos, hash]);
        await c.query(`UPDATE "${schema}".head SET last = ${pos}; COMMIT`);
      }],
      ['D + pg_notify at commit', async (i) => {
        await c.query(`BEGIN; SELECT last FROM "${schema}".head FOR UPDATE`);
        await c.query(`INSERT INTO "${schema}".indexed (position, stream, revision, id, type, data, metadata, prev_hash, hash) VALUES ($7,$1,$2,$3,$4,$5,$6,$8,$8)`, [...row(i), ++pos, hash]);
        await c.query(`UPDATE "${schema}".head SET last = ${pos}; SELECT pg_notify('probe_${schema}', '${pos}'); COMMIT`);
      }],
      ['E ours: PostgresEventStore.append (adds the lookup round trip, hashing)', (i) => store.append(streams[i % 1000], [benchEvent(i)])],
    ];
    const results = new Map<string, number[]>();
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const [name, once] of variants) results.set(name, [...(results.get(name) ?? []), await timedRate(SECONDS, once)]);
    }
    for (const [name, xs] of results) console.log(`${name.padEnd(72)} ${Math.round(xs.sort((a, b) => a - b)[1])} appends/s`);
  } finally {
    await store.close();
    await c.end();
    await schemas.dropAll();
  }
}

void main();
