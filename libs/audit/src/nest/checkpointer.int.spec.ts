import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import type { DataSource } from 'typeorm';
import { Checkpointer } from '../checkpoint/checkpointer';
import { parseCheckpoint, parseNote, parseVerifierKey, verifyNote } from '../checkpoint/signed-note';
import { merkleTreeHash } from '../log/merkle';
import { MerkleLog } from '../log/merkle-log';
import { syntheticLeaf } from '../log/synthetic-tree';
import { openAuditLogDatabase } from './audit-log.datasource';
import { TypeormCheckpointStore } from './typeorm.checkpoint.store';
import { TypeormMerkleNodeStore } from './typeorm.merkle-node.store';

describe('checkpoints of the stored tree', () => {
  const dir = mkdtempSync(join(tmpdir(), 'consult-checkpoints-'));
  let db: DataSource;
  let log: MerkleLog;
  let checkpointer: Checkpointer;
  const leaves = Array.from({ length: 12 }, (_, i) => syntheticLeaf(i));
  const grow = (to: number) => log.append((size) => leaves.slice(size, to));

  beforeAll(async () => {
    db = await openAuditLogDatabase({ sqlitePath: join(dir, 'consult.db') });
    log = new MerkleLog(new TypeormMerkleNodeStore(db));
    checkpointer = new Checkpointer(log, new TypeormCheckpointStore(db), generateKeyPairSync('ed25519').privateKey, 'example.org/consult', { every: 5, minutes: 10 });
    await checkpointer.start();
  });

  afterAll(async () => {
    checkpointer.stop();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues a signed note of the empty log on demand, and the same note until the tree grows', async () => {
    const empty = await checkpointer.issueIfGrown();
    expect(empty.treeSize).toBe(0);
    expect(verifyNote(empty.note, parseVerifierKey(checkpointer.verifierKey))).toBe(true);
    expect((await checkpointer.issueIfGrown()).note).toBe(empty.note);
  });

  it('issues one by itself once `every` events have come since the last, and not before', async () => {
    const issued = firstValueFrom(checkpointer.issued);
    checkpointer.treeGrew(await grow(4));
    await new Promise((done) => setTimeout(done, 100));
    expect((await checkpointer.latest())?.treeSize).toBe(0);
    checkpointer.treeGrew(await grow(7));
    const checkpoint = await issued;
    expect(checkpoint.treeSize).toBe(7);
    const body = parseCheckpoint(parseNote(checkpoint.note).text);
    expect(body.rootHash.equals(merkleTreeHash(leaves.slice(0, 7)))).toBe(true);
    expect((await checkpointer.latest())?.note).toBe(checkpoint.note);
  });

  it('issues on demand when the tree grew, and keeps each note', async () => {
    await grow(9);
    expect((await checkpointer.issueIfGrown()).treeSize).toBe(9);
    expect((await checkpointer.latest())?.treeSize).toBe(9);
  });
});
