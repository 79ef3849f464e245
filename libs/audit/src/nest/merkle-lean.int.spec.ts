import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../../event-store/src/adapters/postgres.test-database';
import { merkleTreeHash, verifyConsistency, verifyInclusion } from '../log/merkle';
import { MerkleLog } from '../log/merkle-log';
import { syntheticLeaf } from '../log/synthetic-tree';
import { openAuditLogDatabase } from './audit-log.datasource';
import { table } from './audit-sql';
import { BLOCKS, NODES, STATE } from './merkle-tables';
import { TypeormMerkleNodeStore } from './typeorm.merkle-node.store';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'consult-merkle-lean-'));
const schemas: string[] = [];
const backends: [string, () => () => Promise<DataSource>][] = [
  ['SQLite', () => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.db`);
    return () => openAuditLogDatabase({ sqlitePath: path });
  }],
  ['PostgreSQL', () => {
    const schema = uniqueSchema('merklelean');
    schemas.push(schema);
    return () => openAuditLogDatabase({ databaseUrl: testDatabaseUrl(), schema, sqlitePath: ':memory:' });
  }],
];

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchemas(testDatabaseUrl(), schemas);
});

/** The complete subtrees of level ≥ 4 a tree of `size` leaves has. */
const storedNodes = (size: number) => [4, 5, 6, 7].reduce((sum, level) => sum + Math.floor(size / 2 ** level), 0);
const count = async (db: DataSource, name: string) => Number((await db.query(`SELECT COUNT(*) AS n FROM ${table(db, name)}`))[0].n);

describe.each(backends)('the lean stored tree on %s (nodes of level ≥ 4, leaves 16 a row)', (_name, backend) => {
  const opened: DataSource[] = [];
  afterAll(async () => {
    for (const db of opened) if (db.isInitialized) await db.destroy();
  });

  it('answers every root and proof around the 16, 32 and 33 boundaries, grown a leaf or a few at a time', async () => {
    const db = await backend()();
    opened.push(db);
    const log = new MerkleLog(new TypeormMerkleNodeStore(db));
    const leaves = Array.from({ length: 70 }, (_, i) => syntheticLeaf(1000 + i));
    const cuts = [1, 15, 16, 17, 31, 32, 33, 34, 47, 48, 49, 64, 65, 70];
    let from = 0;
    for (const to of cuts) {
      expect(await log.append((size) => (size === from ? leaves.slice(from, to) : undefined))).toBe(to);
      from = to;
      expect(await count(db, NODES)).toBe(storedNodes(to));
      expect(await count(db, BLOCKS)).toBe(Math.ceil(to / 16));
    }
    for (const n of [15, 16, 17, 31, 32, 33, 34, 48, 63, 64, 65, 70]) {
      const root = await log.rootAt(n);
      expect(root.equals(merkleTreeHash(leaves.slice(0, n)))).toBe(true);
      for (let m = 0; m < n; m += 1) {
        expect((await log.leaf(m)).equals(leaves[m])).toBe(true);
        expect(verifyInclusion(m, n, leaves[m], await log.inclusion(m, n), root)).toBe(true);
        expect(verifyConsistency(m + 1, n, merkleTreeHash(leaves.slice(0, m + 1)), root, await log.consistency(m + 1, n))).toBe(true);
      }
    }
    const [node] = await db.query(`SELECT hash FROM ${table(db, NODES)} WHERE level = 4 AND idx = 1`);
    expect(Buffer.from(node.hash)).toEqual(merkleTreeHash(leaves.slice(16, 32)));
    await expect(log.rootAt(71)).rejects.toThrow(/no node \(level 0, index 70\)/);
  });

  it('grows from where another writer left off, though it kept the tree as it last wrote it', async () => {
    const open = backend();
    const dbs = [await open(), await open()];
    opened.push(...dbs);
    const logs = dbs.map((db) => new MerkleLog(new TypeormMerkleNodeStore(db)));
    const leaves = Array.from({ length: 60 }, (_, i) => syntheticLeaf(2000 + i));
    // The second and fourth growths start from a size the other writer has moved past.
    for (const [writer, to] of [[0, 5], [1, 20], [0, 21], [0, 40], [1, 41], [0, 60]]) {
      expect(await logs[writer].append((size) => leaves.slice(size, to))).toBe(to);
    }
    // A grower that refuses any size but the stored one (as the follower's does) is asked again with it.
    expect(await logs[1].append((size) => {
      if (size !== 60) throw new Error(`expected the tree at 60, not ${size}`);
      return [syntheticLeaf(3000)];
    })).toBe(61);
    const all = [...leaves, syntheticLeaf(3000)];
    expect((await logs[0].rootAt(61)).equals(merkleTreeHash(all))).toBe(true);
    expect(verifyConsistency(21, 61, merkleTreeHash(all.slice(0, 21)), merkleTreeHash(all), await logs[1].consistency(21, 61))).toBe(true);
    expect(await count(dbs[0], NODES)).toBe(storedNodes(61));
    expect(await count(dbs[0], BLOCKS)).toBe(Math.ceil(61 / 16));
  });

  it('drops a tree stored in the first layout (every node, hex) and starts again from size 0', async () => {
    const open = backend();
    const first = await open();
    await first.query(`CREATE TABLE ${table(first, 'audit_merkle_node')} (level integer NOT NULL, idx bigint NOT NULL, hash varchar(64) NOT NULL, PRIMARY KEY (level, idx))`);
    const log = new MerkleLog(new TypeormMerkleNodeStore(first));
    await log.append(() => [syntheticLeaf(0), syntheticLeaf(1), syntheticLeaf(2)]);
    await first.destroy();
    const again = await open();
    opened.push(again);
    expect(await count(again, STATE)).toBe(1);
    expect(await new TypeormMerkleNodeStore(again).size()).toBe(0);
    expect(await count(again, BLOCKS)).toBe(0);
    await expect(again.query(`SELECT * FROM ${table(again, 'audit_merkle_node')}`)).rejects.toThrow();
    const rebuilt = new MerkleLog(new TypeormMerkleNodeStore(again));
    expect(await rebuilt.append(() => [syntheticLeaf(0), syntheticLeaf(1), syntheticLeaf(2)])).toBe(3);
    expect((await rebuilt.rootAt(3)).equals(merkleTreeHash([0, 1, 2].map(syntheticLeaf)))).toBe(true);
  });
});
