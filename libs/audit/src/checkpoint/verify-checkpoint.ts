import { merkleTreeHash, verifyConsistency } from '../log/merkle';
import { LeafRange, SubtreeHashes, consistencyProof, inMemorySubtrees } from '../log/merkle-proofs';
import { RecomputedLog } from '../log/recompute-log';
import { ParsedVerifierKey, parseCheckpoint, parseNote, verifyNote } from './signed-note';

/** What `verify --checkpoint` found. */
export interface CheckpointVerification {
  ok: boolean;
  origin?: string;
  checkpointSize?: number;
  /** Events in the log now. */
  currentSize: number;
  /** 1-based position of the first event that differs from what the checkpoint signed, when it can be located. */
  divergesAt?: number;
  /** `stream@revision` of that event, if it is still there. */
  divergingEvent?: string;
  /** One line: why it failed, or the consistency result. */
  detail: string;
}

/**
 * Checks a saved checkpoint note against the log recomputed from the events: the signature,
 * then the root at the checkpoint's size, then an RFC 9162 consistency proof to the current
 * size. When the roots differ, the stored tree (if it still matches the signed root) locates
 * the first changed event by descending the subtrees where the two disagree.
 */
export async function verifyCheckpoint(note: string, key: ParsedVerifierKey, log: RecomputedLog, stored?: SubtreeHashes): Promise<CheckpointVerification> {
  const currentSize = log.leaves.length;
  let signed = false;
  try {
    signed = verifyNote(note, key);
  } catch (error) {
    return { ok: false, currentSize, detail: `not a signed note: ${(error as Error).message}` };
  }
  if (!signed) return { ok: false, currentSize, detail: `the signature does not verify with the key ${key.name}` };
  const { origin, treeSize, rootHash } = parseCheckpoint(parseNote(note).text);
  const base = { origin, checkpointSize: treeSize, currentSize };
  if (treeSize <= currentSize && merkleTreeHash(log.leaves, 0, treeSize).equals(rootHash)) {
    const current = merkleTreeHash(log.leaves);
    const proof = treeSize === 0 ? [] : await consistencyProof(treeSize, currentSize, inMemorySubtrees(log.leaves));
    const consistent = treeSize === 0 || verifyConsistency(treeSize, currentSize, rootHash, current, proof);
    return { ...base, ok: consistent, detail: `consistency proof ${treeSize} → ${currentSize} ${consistent ? 'verified' : 'FAILED'} (${proof.length} hashes)` };
  }
  const at = await locate(treeSize, rootHash, log, stored);
  if (at === undefined) {
    const short = currentSize < treeSize ? ` (the log has ${currentSize} events)` : '';
    return { ...base, ok: false, detail: `the log no longer matches the checkpoint${short}; the stored tree does not match it either, so the first changed event cannot be located` };
  }
  const event = log.origins[at];
  return { ...base, ok: false, divergesAt: at + 1, divergingEvent: event, detail: `the log diverges from the checkpoint at position ${at + 1}${event ? ` (${event})` : ' (the event is missing)'}` };
}

/** Descends the RFC 9162 splits of [0, size) towards the first leaf the stored and recomputed trees disagree on. */
async function locate(size: number, root: Buffer, log: RecomputedLog, stored?: SubtreeHashes): Promise<number | undefined> {
  if (!stored || size === 0) return undefined;
  const trusted = await Promise.resolve().then(() => stored([{ start: 0, end: size }])).catch(() => undefined);
  if (!trusted || !trusted[0].equals(root)) return undefined;
  const mine = (range: LeafRange) => (range.end > log.leaves.length ? undefined : merkleTreeHash(log.leaves, range.start, range.end));
  let [start, end] = [0, size];
  while (end - start > 1) {
    let k = 1;
    while (k * 2 < end - start) k *= 2;
    const left = { start, end: start + k };
    const [theirs] = await stored([left]);
    if (!mine(left)?.equals(theirs)) end = start + k;
    else start += k;
  }
  return start;
}
