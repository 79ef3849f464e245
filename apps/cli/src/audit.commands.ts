import { toCsv, toJsonl } from '@consult/audit';
import { AuditService } from '@consult/consultation';
import { CommandInput } from './command';
import { consultationIds, openStore, progress } from './backend';

/** `consult replay <id> [--at ISO]`: the state replayed as of an instant (default: now). */
export async function replay({ positionals, values }: CommandInput): Promise<number> {
  const at = (values.at as string | undefined) ?? new Date().toISOString();
  const { store } = await openStore();
  try {
    const result = await new AuditService(store).stateAt(positionals[0], at);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/** `consult verify [<id>|--all] [--checkpoint FILE [--key KEY]]`: exit code 1 if any check fails. */
export async function verify(input: CommandInput): Promise<number> {
  const { values, positionals } = input;
  const checkpoint = values.checkpoint
    ? await (await import('./checkpoint.command')).verifyCheckpointFile(values.checkpoint as string, values.key as string | undefined)
    : 0;
  if (!values.all && positionals.length === 0) return checkpoint;
  return Math.max(checkpoint, await verifyChains(input));
}

/** Hash chains and replay of one consultation or all. */
async function verifyChains({ positionals, values }: CommandInput): Promise<number> {
  const { store } = await openStore();
  try {
    const audit = new AuditService(store);
    const ids = values.all ? await consultationIds(store) : positionals;
    let failed = 0;
    for (const [i, id] of ids.entries()) {
      const result = await audit.verify(id);
      if (!result.ok) failed += 1;
      const problems = result.problems.map((p) => `\n    ${p.stream}@${p.revision}: ${p.problem}: ${p.detail}`).join('');
      process.stdout.write(`${result.ok ? 'ok    ' : 'FAILED'} ${id} ${result.events} events${problems}\n`);
      progress('verifying', i + 1, ids.length);
    }
    process.stdout.write(`${ids.length} consultations verified, ${failed} failed\n`);
    return failed === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** `consult export <id> [--format jsonl|csv]`: the history with its changes, and the contributions, one event a line. */
export async function exportHistory({ positionals, values }: CommandInput): Promise<number> {
  const { store } = await openStore();
  try {
    const records = await new AuditService(store).exportRecords(positionals[0]);
    process.stdout.write(values.format === 'csv' ? toCsv(records) : toJsonl(records));
    return 0;
  } finally {
    await store.close();
  }
}
