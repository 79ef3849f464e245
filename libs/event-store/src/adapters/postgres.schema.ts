import { createHash } from 'node:crypto';
import { Pool } from 'pg';

/** Where the adapter's tables live, quoted once for every statement. */
export interface PostgresTables {
  schema: string;
  /** `"schema".events`: one row an event. */
  events: string;
  /**
   * The call that serialises writers of this schema: a transaction-scoped advisory lock
   * (two-int key space, apart from the one-bigint key `ensureSchema` uses), keyed by
   * the schema so stores in different schemas do not wait for each other.
   */
  lock: string;
  /** LISTEN/NOTIFY channel woken at every commit that wrote events. */
  channel: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** First key of the writers' advisory lock: 'CONS'. */
const WRITER_LOCK_CLASS = 0x434f4e53;

export function postgresTables(schema: string): PostgresTables {
  if (!IDENTIFIER.test(schema)) throw new RangeError(`invalid PostgreSQL schema name: ${schema}`);
  const quoted = `"${schema}"`;
  const channel = `consult_events_${schema}`;
  return {
    schema,
    events: `${quoted}.events`,
    lock: `pg_advisory_xact_lock(${WRITER_LOCK_CLASS}, ${createHash('sha256').update(schema).digest().readInt32BE(0)})`,
    // Channel names are identifiers (at most 63 bytes): hash long schema names.
    channel: channel.length <= 63 ? channel : `consult_events_${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`,
  };
}

/*
 * data and metadata are `json`, not `jsonb`. The hash is computed over the event as
 * JavaScript sees it; `json` keeps the text exactly as written, so what is read back
 * parses to the value that was hashed. `jsonb` would also round-trip key order and
 * JavaScript's shortest number forms, but it refuses strings that JSON.stringify
 * produces and JavaScript accepts: "\u0000" ("unsupported Unicode escape") and lone
 * surrogates ("\ud800") — an append would fail, or a repaired copy would no longer
 * verify. `json` still validates the syntax and allows `data->>'field'` queries.
 */
function ddl(t: PostgresTables): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${t.events} (
       position    bigint      PRIMARY KEY,
       stream      text        NOT NULL,
       revision    integer     NOT NULL CHECK (revision >= 0),
       id          text        NOT NULL,
       type        text        NOT NULL,
       data        json        NOT NULL,
       metadata    json        NOT NULL,
       prev_hash   text        NOT NULL,
       hash        text        NOT NULL,
       recorded_at timestamptz NOT NULL DEFAULT now(),
       CONSTRAINT events_id_key UNIQUE (id),
       CONSTRAINT events_stream_revision_key UNIQUE (stream, revision)
     )`,
  ];
}

/**
 * Creates the schema and tables if missing. Two processes opening at once would race
 * on the catalogue (`CREATE ... IF NOT EXISTS` is not concurrency-safe), so the DDL
 * runs under a transaction-scoped advisory lock keyed by the schema name.
 */
export async function ensureSchema(pool: Pool, t: PostgresTables): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`consult-event-store:${t.schema}`]);
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [t.schema]);
    // CREATE SCHEMA IF NOT EXISTS still needs the CREATE privilege: only ask when missing.
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA "${t.schema}"`);
    for (const statement of ddl(t)) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
