import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStoreConfig, openEventStore } from '@consult/event-store';
import { newStream, sampleEvents } from '@consult/event-store/testing';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../../event-store/src/adapters/postgres.test-database';
import { eventLeafHash, merkleTreeHash } from '../log/merkle';
import { MerkleLog } from '../log/merkle-log';
import { MerkleLogFollower } from '../log/merkle-log.follower';
import { TreeGrower, storeGrower } from '../log/tree-grower';
import { openAuditLogDatabase } from './audit-log.datasource';
import { MerkleTreeThread, MerkleTreeThreadConfig } from './merkle-tree.thread';
import { TypeormMerkleNodeStore } from './typeorm.merkle-node.store';

jest.setTimeout(60_000);

/** A fallback that must not be used: the passes of these tests are the thread's. */
const nowhere: TreeGrower = { grow: () => Promise.reject(new Error('grown on the calling thread')) };

const dir = mkdtempSync(join(tmpdir(), 'consult-merkle-thread-'));
const schemas: string[] = [];

/** The configuration the api's module builds: the events and the tree, each connection the thread's own. */
function configFor(backend: 'sqlite' | 'postgres'): MerkleTreeThreadConfig {
  if (backend === 'sqlite') {
    const sqlitePath = join(dir, `${Math.random().toString(36).slice(2)}.db`);
    return { store: { kind: 'sqlite', sqlitePath }, audit: { sqlitePath } };
  }
  const schema = uniqueSchema('merkle_thread');
  schemas.push(schema);
  const databaseUrl = testDatabaseUrl();
  return { store: { kind: 'postgres', sqlitePath: ':memory:', databaseUrl, databaseSchema: schema }, audit: { databaseUrl, schema, sqlitePath: ':memory:' } };
}

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchemas(testDatabaseUrl(), schemas);
});

describe.each(['sqlite', 'postgres'] as const)('the tree grown on its own thread, %s', (backend) => {
  it('covers every event in position order as they are appended, and resumes after a restart', async () => {
    const config = configFor(backend);
    const store = await openEventStore(config.store as EventStoreConfig);
    const db = await openAuditLogDatabase(config.audit);
    const log = new MerkleLog(new TypeormMerkleNodeStore(db));
    try {
      for (let i = 0; i < 5; i += 1) await store.append(newStream(), sampleEvents(3));
      const sizes: number[] = [];
      const thread = new MerkleTreeThread(config, nowhere);
      await thread.started();
      const follower = new MerkleLogFollower(store, log, (size) => sizes.push(size), undefined, 50, thread);
      await follower.start();
      expect(await follower.waitFor(15, 20_000)).toBe(15);
      for (let i = 0; i < 10; i += 1) await store.append(newStream(), sampleEvents(2));
      expect(await follower.waitFor(35, 20_000)).toBe(35);
      await follower.stop();
      expect(sizes).toContain(35);
      await store.append(newStream(), sampleEvents(4));
      const second = new MerkleTreeThread(config, nowhere);
      await second.started();
      const again = new MerkleLogFollower(store, log, undefined, undefined, 50, second);
      await again.start();
      expect(await again.waitFor(39, 20_000)).toBe(39);
      await again.stop();
      const events = await store.readAll();
      expect(await log.nodes.size()).toBe(39);
      expect((await log.rootAt(39)).equals(merkleTreeHash(events.map((e) => eventLeafHash(e.hash))))).toBe(true);
    } finally {
      await store.close();
      await db.destroy();
    }
  });
});

it('grows the tree on the calling thread while its own cannot start, and reports why', async () => {
  const config = configFor('sqlite');
  const store = await openEventStore(config.store as EventStoreConfig);
  const db = await openAuditLogDatabase(config.audit);
  const log = new MerkleLog(new TypeormMerkleNodeStore(db));
  let failed!: (error: unknown) => void;
  const failure = new Promise<unknown>((resolve) => { failed = resolve; });
  // The thread's event store is unreachable: it cannot start.
  const broken = new MerkleTreeThread({ ...config, store: { kind: 'postgres', sqlitePath: ':memory:' } }, storeGrower(store, log), failed);
  const follower = new MerkleLogFollower(store, log, undefined, undefined, 50, broken);
  try {
    await store.append(newStream(), sampleEvents(2));
    await follower.start();
    expect(await follower.waitFor(2, 5000)).toBe(2);
    expect(String(await failure)).toMatch(/CONSULT_DATABASE_URL is required/);
    await store.append(newStream(), sampleEvents(3));
    expect(await follower.waitFor(5, 5000)).toBe(5);
  } finally {
    await follower.stop();
    await store.close();
    await db.destroy();
  }
});
