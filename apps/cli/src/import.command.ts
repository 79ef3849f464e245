import { readFile } from 'node:fs/promises';
import { DomainError, type EventStore } from '@consult/event-store';
import { type ImportResult, importStreams, parseExport } from '@consult/audit';
import { AuditService } from '@consult/consultation';
import { CommandInput } from './command';
import { openStore } from './backend';

/**
 * `consult import FILE`: a JSONL export (one consultation or several) into a store that does not
 * hold its streams yet, then the proof that the copy is faithful: the hashes the store computed
 * equal the exported ones, and each consultation verifies (chains and replay). Exit code 1 otherwise.
 */
export async function importFile({ positionals }: CommandInput): Promise<number> {
  let text: string;
  try {
    text = await readFile(positionals[0], 'utf8');
  } catch (error) {
    return fail(`cannot read ${positionals[0]}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const { store } = await openStore();
  try {
    const streams = parseExport(text);
    const result = await importStreams(store, streams);
    process.stdout.write(`imported ${result.events} events in ${result.streams} streams into the ${store.kind} store\n`);
    process.stdout.write(`${hashLine(result)}\n`);
    const failed = await verifyImported(store, [...streams.keys()]);
    return result.hashesMatch && failed === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof DomainError) return fail(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

function hashLine({ hashesMatch, firstMismatch: m }: ImportResult): string {
  if (hashesMatch || !m) return 'hashes: every hash recomputed by the store equals the exported one';
  return `hashes: MISMATCH, first at ${m.stream} revision ${m.revision}: ${m.field} exported ${m.exported}, recomputed ${m.recomputed}`;
}

/** Each consultation through AuditService.verify; a stream that belongs to none, by its chain alone. */
async function verifyImported(store: EventStore, streams: string[]): Promise<number> {
  const audit = new AuditService(store);
  const ids = streams.filter((s) => s.startsWith('consultation-')).map((s) => s.slice('consultation-'.length));
  const covered = new Set(ids.flatMap((id) => [`consultation-${id}`, `contributions-${id}`]));
  let failed = 0;
  for (const id of ids) {
    const result = await audit.verify(id);
    if (!result.ok) failed += 1;
    const problems = result.problems.map((p) => `\n    ${p.stream}@${p.revision}: ${p.problem}: ${p.detail}`).join('');
    process.stdout.write(`${result.ok ? 'ok    ' : 'FAILED'} ${id} ${result.events} events${problems}\n`);
  }
  for (const stream of streams.filter((s) => !covered.has(s))) {
    const chain = await store.verifyStream(stream);
    if (!chain.ok) failed += 1;
    process.stdout.write(`${chain.ok ? 'ok    ' : 'FAILED'} ${stream} ${chain.events} events (hash chain only)\n`);
  }
  process.stdout.write(`${ids.length} consultations verified, ${failed} failed\n`);
  return failed;
}

function fail(message: string): number {
  process.stderr.write(`consult import: ${message}\n`);
  return 1;
}
