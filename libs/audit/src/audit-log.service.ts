import type { EventStore } from '@consult/event-store';
import { Checkpointer } from './checkpoint/checkpointer';
import { StoredCheckpoint } from './checkpoint/checkpoint.store';
import { MerkleLog } from './log/merkle-log';
import { MerkleLogFollower } from './log/merkle-log.follower';
import { AuditEventNotFound, AuditRequestInvalid } from './audit-log.errors';

/** An inclusion proof as the API answers it (RFC 9162 PATH, base64). */
export interface InclusionProofAnswer {
  treeSize: number;
  leafIndex: number;
  hashes: string[];
}

/** A consistency proof as the API answers it (RFC 9162 PROOF, base64). */
export interface ConsistencyProofAnswer {
  from: number;
  treeSize: number;
  hashes: string[];
}

const base64 = (hashes: Buffer[]) => hashes.map((hash) => hash.toString('base64'));

/** The public audit log: checkpoints, the verifier key and proofs, from the stored tree. */
export class AuditLogService {
  constructor(
    private readonly store: EventStore,
    private readonly log: MerkleLog,
    private readonly follower: MerkleLogFollower,
    private readonly checkpointer: Checkpointer,
  ) {}

  /** The latest checkpoint covering every event stored when asked (issued now if needed). */
  async checkpoint(): Promise<StoredCheckpoint> {
    await this.follower.waitFor(await this.store.headPosition());
    return this.checkpointer.issueIfGrown();
  }

  publicKey(): string {
    return this.checkpointer.verifierKey;
  }

  /** PROOF(from, to); `to` defaults to the latest checkpoint's size. */
  async consistency(from: number, to?: number): Promise<ConsistencyProofAnswer> {
    const treeSize = to ?? (await this.checkpoint()).treeSize;
    if (from < 1) throw new AuditRequestInvalid('from', 'must be at least 1');
    if (from > treeSize) throw new AuditRequestInvalid('from', `must not be larger than the tree size (${treeSize})`);
    await this.covered(treeSize, to === undefined ? 'from' : 'to');
    return { from, treeSize, hashes: base64(await this.log.consistency(from, treeSize)) };
  }

  /** PATH for the event at `revision` of a consultation, in the tree of `treeSize` (default: the latest checkpoint's). */
  async inclusion(consultationId: string, revision: number, treeSize?: number): Promise<InclusionProofAnswer> {
    const position = await this.positionOf(consultationId, revision);
    let size = treeSize;
    if (size === undefined) {
      const latest = await this.checkpointer.latest();
      size = latest && latest.treeSize >= position ? latest.treeSize : (await this.checkpoint()).treeSize;
    }
    if (size < position) throw new AuditRequestInvalid('treeSize', `must be at least the event's position (${position})`);
    await this.covered(size, 'treeSize');
    return { treeSize: size, leafIndex: position - 1, hashes: base64(await this.log.inclusion(position - 1, size)) };
  }

  /** Waits (bounded) for the stored tree to cover `size`; a size beyond it is the caller's error. */
  private async covered(size: number, field: string): Promise<void> {
    const covered = await this.follower.waitFor(Math.min(size, await this.store.headPosition()));
    if (size > covered) throw new AuditRequestInvalid(field, `must not be larger than the log (${covered} events so far)`);
  }

  /** Positions are gap-free from 1, so the event at position p is leaf p - 1. */
  private async positionOf(consultationId: string, revision: number): Promise<number> {
    const stream = `consultation-${consultationId}`;
    const [event] = await this.store.readStream(stream, { fromRevision: revision, maxCount: 1 });
    if (event && event.revision === revision) return event.position;
    const [first] = await this.store.readStream(stream, { maxCount: 1 });
    if (!first) throw new AuditEventNotFound(`consultation ${consultationId} not found`);
    throw new AuditEventNotFound(`consultation ${consultationId} has no event at revision ${revision}`);
  }
}
