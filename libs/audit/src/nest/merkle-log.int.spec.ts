import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { EventStore, openEventStore } from '@consult/event-store';
import { newStream, sampleEvents } from '@consult/event-store/testing';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../../event-store/src/adapters/postgres.test-database';
import { eventLeafHash, merkleTreeHash, verifyConsistency, verifyInclusion } from '../log/merkle';
import { MerkleLog } from '../log/merkle-log';
import { MerkleLogFollower } from '../log/merkle-log.follower';
import { buildSyntheticTree, syntheticLeaf } from '../log/synthetic-tree';
import { openAuditLogDatabase } from './audit-log.datasource';
import { TypeormMerkleNodeStore } from './typeorm.merkle-node.store';

jest.setTimeout(60_000);

interface Backend {
  name: string;
  open(): Promise<{ store: EventStore; db: () => Promise<DataSource> }>;
  cleanUp(): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'consult-merkle-'));
const schemas: string[] = [];
const sqlite: Backend = {
  name: 'SQLite',
  async open() {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.db`);
    return { store: await openEventStore({ kind: 'sqlite', sqlitePath: path }), db: () => openAuditLogDatabase({ sqlitePath: path }) };
  },
  async cleanUp() {
    rmSync(dir, { recursive: true, force: true });
  },
};
const postgres: Backend = {
  name: 'PostgreSQL',
  async open() {
    const url = testDatabaseUrl();
    const schema = uniqueSchema('merkle');
    schemas.push(schema);
    const store = await openEventStore({ kind: 'postgres', sqlitePath: ':memory:', databaseUrl: url, databaseSchema: schema });
    return { store, db: () => openAuditLogDatabase({ databaseUrl: url, schema, sqlitePath: ':memory:' }) };
  },
  cleanUp: () => dropSchemas(testDatabaseUrl(), schemas),
};

describe.each([sqlite, postgres])('the stored Merkle log on %s', (backend) => {
  const opened: { close(): Promise<unknown> }[] = [];
  const open = async () => {
    const { store, db } = await backend.open();
    const dataSource = await db();
    opened.push(store, { close: () => dataSource.destroy() });
    return { store, dataSource, log: new MerkleLog(new TypeormMerkleNodeStore(dataSource)), more: db };
  };
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close().catch(() => undefined);
    await backend.cleanUp();
  });

  it('answers the same roots and valid proofs at every size, grown in uneven pages', async () => {
    const { log } = await open();
    const leaves = Array.from({ length: 77 }, (_, i) => syntheticLeaf(i));
    for (const [from, to] of [[0, 1], [1, 2], [2, 9], [9, 40], [40, 41], [41, 77]]) {
      expect(await log.append((size) => (size === from ? leaves.slice(from, to) : undefined))).toBe(to);
    }
    for (let n = 1; n <= 77; n += 1) {
      const root = await log.rootAt(n);
      expect(root.equals(merkleTreeHash(leaves.slice(0, n)))).toBe(true);
      const m = (n * 7) % n;
      expect(verifyInclusion(m, n, leaves[m], await log.inclusion(m, n), root)).toBe(true);
      const first = Math.max(1, Math.floor(n / 3));
      expect(verifyConsistency(first, n, merkleTreeHash(leaves.slice(0, first)), root, await log.consistency(first, n))).toBe(true);
    }
  });

  it('follows the store: one leaf an event in position order, resumed after a restart without a gap or a repeat', async () => {
    const { store, log } = await open();
    for (let i = 0; i < 5; i += 1) await store.append(newStream(), sampleEvents(3));
    const follower = new MerkleLogFollower(store, log);
    await follower.start();
    expect(await follower.waitFor(15, 10_000)).toBe(15);
    await follower.stop();
    await store.append(newStream(), sampleEvents(4));
    const again = new MerkleLogFollower(store, log);
    await again.start();
    expect(await again.waitFor(19, 10_000)).toBe(19);
    await again.stop();
    const events = await store.readAll();
    expect((await log.rootAt(19)).equals(merkleTreeHash(events.map((e) => eventLeafHash(e.hash))))).toBe(true);
  });

  it('lets only one writer grow the tree when two processes follow the same store', async () => {
    const { store, log, more } = await open();
    const second = await more();
    opened.push({ close: () => second.destroy() });
    const followers = [new MerkleLogFollower(store, log), new MerkleLogFollower(store, new MerkleLog(new TypeormMerkleNodeStore(second)))];
    await Promise.all(followers.map((f) => f.start()));
    for (let i = 0; i < 20; i += 1) await store.append(newStream(), sampleEvents(5));
    await Promise.all(followers.map((f) => f.waitFor(100, 15_000)));
    await Promise.all(followers.map((f) => f.stop()));
    const events = await store.readAll();
    expect(await log.nodes.size()).toBe(100);
    expect((await log.rootAt(100)).equals(merkleTreeHash(events.map((e) => eventLeafHash(e.hash))))).toBe(true);
  });

  it('answers proofs over 100,000 leaves with one read of O(log n) nodes, in milliseconds', async () => {
    const { dataSource } = await open();
    const reads: number[] = [];
    const nodes = new TypeormMerkleNodeStore(dataSource);
    const read = nodes.read.bind(nodes);
    nodes.read = (refs) => (reads.push(refs.length), read(refs));
    const log = new MerkleLog(nodes);
    expect(await buildSyntheticTree(log, 100_000)).toBe(100_000);
    reads.length = 0;
    const times: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const started = process.hrtime.bigint();
      await log.inclusion((i * 7919) % 99_000, 100_000 - i);
      await log.consistency(1 + ((i * 104_729) % 90_000), 100_000 - i);
      times.push(Number(process.hrtime.bigint() - started) / 1e6 / 2);
    }
    expect(reads).toHaveLength(400);
    expect(Math.max(...reads)).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(100_000)) + 2);
    // The p99 < 10 ms figure is the benchmark's (a quiet machine); a shared test run checks the median.
    expect(times.sort((a, b) => a - b)[100]).toBeLessThan(10);
  });
});
