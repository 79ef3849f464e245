import { firstValueFrom, take, toArray } from 'rxjs';
import { EventStore, StoredEvent } from '../event-store.port';
import { WrongExpectedRevision } from '../errors';
import { describeEventStoreContract, newStream, sampleEvent, sampleEvents, Tamperer } from '../testing';
import { PostgresEventStore } from './postgres.event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema, withClient } from './postgres.test-database';

const url = testDatabaseUrl();
const schemas: string[] = [];
afterAll(() => dropSchemas(url, schemas));

/** Opens a store on a fresh schema that the file drops at the end. */
function openFresh(schema = uniqueSchema('es_test'), options: { poolSize?: number; pollMs?: number } = {}) {
  if (!schemas.includes(schema)) schemas.push(schema);
  return PostgresEventStore.open({ connectionString: url, schema, ...options });
}

/** Tampers through a separate connection, as someone with database access would. */
function tamper(store: EventStore): Tamperer {
  const events = `"${(store as unknown as { tables: { schema: string } }).tables.schema}".events`;
  const run = (sql: string, params: unknown[]) => withClient(url, (c) => c.query(sql, params));
  return {
    async modifyData(stream, revision, data) {
      await run(`UPDATE ${events} SET data = (data::jsonb || $1::jsonb)::json WHERE stream = $2 AND revision = $3`,
        [JSON.stringify(data), stream, revision]);
    },
    async remove(stream, revision) {
      await run(`DELETE FROM ${events} WHERE stream = $1 AND revision = $2`, [stream, revision]);
    },
    async swap(stream, a, b) {
      await withClient(url, async (c) => {
        const q = `UPDATE ${events} SET revision = $1 WHERE stream = $2 AND revision = $3`;
        await c.query('BEGIN');
        await c.query(q, [2147483647, stream, a]);
        await c.query(q, [a, stream, b]);
        await c.query(q, [b, stream, 2147483647]);
        await c.query('COMMIT');
      });
    },
  };
}

describeEventStoreContract('postgres', () => openFresh(), { tamper });

describe('postgres adapter', () => {
  it('opens concurrently on a new schema (DDL under an advisory lock) and reopens idempotently', async () => {
    const schema = uniqueSchema('es_ddl');
    const stores = await Promise.all([1, 2, 3, 4].map(() => openFresh(schema, { poolSize: 2 })));
    await stores[0].append(newStream(), sampleEvents(2));
    await Promise.all(stores.map((s) => s.close()));
    const again = await openFresh(schema);
    expect(await again.headPosition()).toBe(2);
    await again.close();
  });

  it('round-trips strings jsonb would refuse, and the chain still verifies', async () => {
    const store = await openFresh();
    const stream = newStream();
    const event = sampleEvent('CommentEdited', { nul: 'a\u0000b', lone: '\ud800', tiny: 5e-324, huge: 1e21, emoji: '🇧🇷' });
    await store.append(stream, [event]);
    const [read] = await store.readStream(stream);
    expect(read.data).toEqual(event.data);
    expect(await store.verifyStream(stream)).toMatchObject({ ok: true, events: 1 });
    await store.close();
  });

  it('commits concurrent appends together, failing only the append whose expectation is stale', async () => {
    const store = await openFresh();
    const stream = newStream();
    await store.append(stream, sampleEvents(1));
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 20 }, () => store.append(newStream(), sampleEvents(2))),
      store.append(stream, sampleEvents(1), { expectedRevision: 5 }),
      store.append(stream, sampleEvents(1), { expectedRevision: 0 }),
      store.append(stream, sampleEvents(1), { expectedRevision: 1 }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([...Array(20).fill('fulfilled'), 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[20] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevision);
    expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2]);
    expect((await store.verifyStream(stream)).ok).toBe(true);
    // recorded_at is now(), the transaction's start: one value a transaction (xmin differs a savepoint).
    const transactions = await withClient(url, (c) => c.query(
      `SELECT count(DISTINCT recorded_at)::int AS n FROM "${schemas[schemas.length - 1]}".events WHERE position > 1`));
    expect(transactions.rows[0].n).toBeLessThan(10);
    await store.close();
  });

  it('fails only the append PostgreSQL refuses when a batch insert is refused, keeping positions gap-free', async () => {
    const store = await openFresh();
    const head = await store.headPosition();
    const refused = sampleEvent('Bad\u0000Type'); // text columns cannot hold NUL
    const outcomes = await Promise.allSettled([
      store.append(newStream(), sampleEvents(2)),
      store.append(newStream(), [sampleEvent(), refused]),
      store.append(newStream(), sampleEvents(3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const all = await store.readAll({ after: head });
    expect(all.map((e) => e.position)).toEqual([1, 2, 3, 4, 5].map((i) => head + i));
    await store.close();
  });

  it('delivers to a subscriber every event of two concurrent stores exactly once, in position order', async () => {
    const schema = uniqueSchema('es_two');
    const [a, b, reader] = await Promise.all([openFresh(schema), openFresh(schema), openFresh(schema, { pollMs: 5000 })]);
    const perWriter = 4 * 30 * 2;
    const received = firstValueFrom(reader.subscribeToAll(0).pipe(take(2 * perWriter), toArray()));
    const write = (store: EventStore) => Promise.all([1, 2, 3, 4].map(async () => {
      const stream = newStream();
      for (let i = 0; i < 30; i += 1) await store.append(stream, sampleEvents(2));
    }));
    const shared = newStream();
    await Promise.all([write(a), write(b)]);
    await Promise.all([a.append(shared, sampleEvents(1)), b.append(shared, sampleEvents(1))]);
    const events: StoredEvent[] = await received;
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect((await reader.readStream(shared)).map((e) => e.revision)).toEqual([0, 1]);
    expect((await reader.verifyStream(shared)).ok).toBe(true);
    await Promise.all([a.close(), b.close(), reader.close()]);
  });

  it('answers from the database, not from what it remembers, after another store wrote', async () => {
    const schema = uniqueSchema('es_stale');
    const [a, b] = await Promise.all([openFresh(schema), openFresh(schema)]);
    const stream = newStream();
    await a.append(stream, sampleEvents(1), { expectedRevision: 'no-stream' });
    await b.append(stream, sampleEvents(1), { expectedRevision: 0 });
    // a remembers revision 0: its guess is refused, the lookup finds 1.
    await expect(a.append(stream, sampleEvents(1), { expectedRevision: 0 })).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect((await a.append(stream, sampleEvents(1), { expectedRevision: 1 })).nextRevision).toBe(2);
    await b.append(newStream(), sampleEvents(2));
    // a's remembered position is stale: its insert fails on the primary key and is retried under the lock.
    expect(await a.append(stream, sampleEvents(1))).toMatchObject({ nextRevision: 3, position: 6 });
    await expect(a.append(newStream(), sampleEvents(1), { expectedRevision: 'no-stream' })).resolves.toMatchObject({ position: 7 });
    await expect(b.append(stream, sampleEvents(1), { expectedRevision: 'no-stream' })).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect((await a.readAll()).map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await b.verifyStream(stream)).ok).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });

  it('releases the LISTEN connection when the last subscriber unsubscribes', async () => {
    const store = await openFresh();
    const channel = (store as unknown as { tables: { channel: string } }).tables.channel;
    const listeners = () => withClient(url, async (c) => (await c.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1', [`LISTEN "${channel}"`])).rows[0].n);
    const first = store.subscribeToAll().subscribe();
    const second = store.subscribeToAll().subscribe();
    await waitFor(async () => (await listeners()) === 1);
    first.unsubscribe();
    expect(await listeners()).toBe(1);
    second.unsubscribe();
    await waitFor(async () => (await listeners()) === 0);
    await store.close();
  });

  it('keeps a subscription going when its LISTEN connection is killed', async () => {
    const schema = uniqueSchema('es_listen');
    const [reader, writer] = await Promise.all([openFresh(schema, { pollMs: 60000 }), openFresh(schema)]);
    const channel = (reader as unknown as { tables: { channel: string } }).tables.channel;
    const received: StoredEvent[] = [];
    const subscription = reader.subscribeToAll().subscribe((event) => received.push(event));
    await writer.append(newStream(), sampleEvents(1));
    await waitFor(async () => received.length === 1);
    await withClient(url, (c) => c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1',
      [`LISTEN "${channel}"`]));
    await writer.append(newStream(), sampleEvents(1));
    await waitFor(async () => received.length === 2);
    await writer.append(newStream(), sampleEvents(1));
    await waitFor(async () => received.length === 3);
    expect(received.map((e) => e.position)).toEqual([1, 2, 3]);
    subscription.unsubscribe();
    await Promise.all([reader.close(), writer.close()]);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
