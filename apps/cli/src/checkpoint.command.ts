import { existsSync, readFileSync } from 'node:fs';
import {
  CheckpointVerification, MerkleLog, ParsedVerifierKey, SubtreeHashes, TypeormMerkleNodeStore, developmentKeyPath, loadSigningKey,
  openAuditLogDatabase, originFor, parseVerifierKey, recomputeLog, verifierKey, verifyCheckpoint,
} from '@consult/audit';
import { openStore, progress } from './backend';

type Config = Awaited<ReturnType<typeof openStore>>['config'];

/**
 * `consult verify --checkpoint FILE [--key KEY]`: proves the current log extends a checkpoint
 * an auditor saved, from the events themselves. Prints `ok ...` lines, or one `FAILED` line
 * naming the first diverging position when it can be located; exit code 1 on failure.
 */
export async function verifyCheckpointFile(file: string, keyText: string | undefined): Promise<number> {
  let note: string;
  try {
    note = readFileSync(file, 'utf8');
  } catch (error) {
    process.stdout.write(`FAILED checkpoint ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
    return 1;
  }
  const { store, config } = await openStore();
  try {
    let key: ParsedVerifierKey | undefined;
    try {
      key = keyText ? parseVerifierKey(keyText) : storeKey(config);
    } catch (error) {
      process.stdout.write(`FAILED checkpoint: ${(error as Error).message}\n`);
      return 1;
    }
    if (!key) {
      process.stdout.write('FAILED checkpoint: no --key given and this store has no signing key (CONSULT_SIGNING_KEY or the development key)\n');
      return 1;
    }
    const log = await recomputeLog(store, (done) => progress('recomputing the log', done, done));
    const result = await withStoredTree(config, (stored) => verifyCheckpoint(note, key, log, stored));
    process.stdout.write(report(result, key));
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** The verifier key of this store's signing key, without making a development key that is not there. */
function storeKey(config: Config): ParsedVerifierKey | undefined {
  if (!config.signingKey && !existsSync(developmentKeyPath(config.sqlitePath))) return undefined;
  const key = loadSigningKey({ signingKey: config.signingKey, sqlitePath: config.sqlitePath, production: config.production });
  return parseVerifierKey(verifierKey(originFor(config.publicUrl), key));
}

/** The stored tree only helps locate a change; verification never depends on it. */
async function withStoredTree<T>(config: Config, work: (stored?: SubtreeHashes) => Promise<T>): Promise<T> {
  const db = await openAuditLogDatabase({ databaseUrl: config.databaseUrl, schema: config.databaseSchema, sqlitePath: config.sqlitePath }).catch(() => undefined);
  try {
    return await work(db && new MerkleLog(new TypeormMerkleNodeStore(db)).subtrees);
  } finally {
    await db?.destroy();
  }
}

function report(result: CheckpointVerification, key: ParsedVerifierKey): string {
  const at = result.checkpointSize === undefined ? '' : ` ${result.origin} at size ${result.checkpointSize}`;
  if (!result.ok) return `FAILED checkpoint${at}: ${result.detail}\n`;
  return `ok     checkpoint${at}: signature verified with ${key.name}+${key.keyHash.toString('hex')}\n`
    + `ok     the log (${result.currentSize} events, recomputed from their content) extends it: ${result.detail}\n`;
}
