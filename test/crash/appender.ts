/*
 * Child process of the crash-safety tests: appends until it is killed.
 *
 *   node -r tools/register.js test/crash/appender.ts postgres <url> <schema>
 *   node -r tools/register.js test/crash/appender.ts sqlite <path> [thread]
 *
 * Prints `ready` once the store is open, then one JSON line per acknowledged append:
 * `{"key", "stream", "ids", "positions"}`. Several workers append at once (so group
 * commit batches them), each append 3 events tagged with `data.appendKey`; workers
 * alternate between their own stream (exact expected revision) and one shared stream
 * ('any'). The parent SIGKILLs it and checks that everything printed was stored.
 */
import { randomUUID } from 'node:crypto';
import { EventStore, NewEvent } from '../../libs/event-store/src/event-store.port';

const WORKERS = 8;
const EVENTS_PER_APPEND = 3;

async function open(kind: string, args: string[]): Promise<EventStore> {
  if (kind === 'postgres') {
    const { PostgresEventStore } = await import('../../libs/event-store/src/adapters/postgres.event-store');
    return PostgresEventStore.open({ connectionString: args[0], schema: args[1], poolSize: 4 });
  }
  if (kind === 'sqlite') {
    const { SqliteEventStore } = await import('../../libs/event-store/src/adapters/sqlite.event-store');
    return SqliteEventStore.open({ path: args[0], writerThread: args[1] === 'thread' });
  }
  throw new Error(`unknown adapter kind: ${kind}`);
}

function events(key: string): NewEvent[] {
  return Array.from({ length: EVENTS_PER_APPEND }, (_, index) => ({
    id: randomUUID(),
    type: 'CrashProbeAppended',
    data: { appendKey: key, index },
    metadata: {
      actor: { sub: 'crash-test', role: 'system' },
      correlationId: key,
      causationId: key,
      recordedAt: new Date().toISOString(),
    },
  }));
}

/** Writes to a pipe are synchronous on Linux: a printed line has left the process. */
function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function worker(store: EventStore, n: number, shared: string): Promise<never> {
  const own = `crash-${n}-${randomUUID()}`;
  let revision: number | 'no-stream' = 'no-stream';
  for (let i = 0; ; i += 1) {
    const key = `${n}-${i}`;
    const useShared = i % 3 === 2;
    const stream = useShared ? shared : own;
    const result = await store.append(stream, events(key), { expectedRevision: useShared ? 'any' : revision });
    if (!useShared) revision = result.nextRevision;
    print(JSON.stringify({ key, stream, ids: result.events.map((e) => e.id), positions: result.events.map((e) => e.position) }));
  }
}

async function main(): Promise<void> {
  const [kind, ...args] = process.argv.slice(2);
  const store = await open(kind, args);
  print('ready');
  const shared = `crash-shared-${randomUUID()}`;
  await Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(store, n, shared)));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
