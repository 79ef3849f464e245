import { loadConfig } from '@consult/config';
import { DeliveryStatus, DeliveryView, TypeormDeliveryLog } from '@consult/notifications';
import { openReadModels } from '@consult/projections';
import type { CommandInput } from './command';

const PAGE = 500;
const HEADINGS = ['id', 'channel', 'status', 'attempts', 'last error', 'address'];

/** `consult deliveries [--status S]`: the outbox of the configured store's read-model database, newest first, as a table. */
export async function deliveries({ values }: CommandInput): Promise<number> {
  const config = loadConfig(process.env, { warn: () => undefined });
  const db = await openReadModels({ databaseUrl: config.databaseUrl, schema: config.databaseSchema, sqlitePath: config.sqlitePath });
  try {
    const log = new TypeormDeliveryLog(db);
    const status = values.status as DeliveryStatus | undefined;
    const rows: DeliveryView[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await log.list(status, PAGE, offset);
      rows.push(...page.items);
      if (page.items.length < PAGE) break;
    }
    process.stdout.write(table(rows.map(cellsOf)));
    process.stdout.write(`${rows.length} deliveries${status ? ` ${status}` : ''}\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

function cellsOf(delivery: DeliveryView): string[] {
  // One line a delivery: an error message may span several.
  const lastError = (delivery.lastError ?? '').replace(/\s+/g, ' ').slice(0, 80);
  return [delivery.id, delivery.kind === 'confirmation' ? `${delivery.channel} (confirm)` : delivery.channel, delivery.status, String(delivery.attempts), lastError, delivery.address ?? ''];
}

/** Columns padded to their widest cell (the last one is not padded). */
function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  const all = [HEADINGS, ...rows];
  const widths = HEADINGS.map((_, column) => Math.max(...all.map((row) => row[column].length)));
  return all.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')).join('\n') + '\n';
}
