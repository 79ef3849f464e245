/** A signed checkpoint as kept: the tree size, its root, the note and when it was issued. */
export interface StoredCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  note: string;
  issuedAt: string;
}

/** The checkpoints issued so far (one a tree size). */
export abstract class CheckpointStore {
  /** The checkpoint of the largest tree, if any was issued. */
  abstract latest(): Promise<StoredCheckpoint | undefined>;

  /** Keeps a checkpoint; one of the same size already kept wins (signing is deterministic). */
  abstract save(checkpoint: StoredCheckpoint): Promise<StoredCheckpoint>;
}
