import { loadConfig } from '@consult/config';
import { EventStore, openEventStore } from '@consult/event-store';

/** The configured event store, opened the way the api opens it. */
export async function openStore(): Promise<{ store: EventStore; config: ReturnType<typeof loadConfig> }> {
  const config = loadConfig(process.env, { warn: () => undefined });
  const store = await openEventStore({
    kind: config.eventStore, sqlitePath: config.sqlitePath, databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema, kurrentdbUrl: config.kurrentdbUrl,
  });
  return { store, config };
}

/** Every consultation id in the store, found from the launch events (paged). */
export async function consultationIds(store: EventStore): Promise<string[]> {
  const ids: string[] = [];
  for (let after = 0; ;) {
    const page = await store.readAll({ after, maxCount: 5000 });
    if (page.length === 0) return ids;
    for (const event of page) if (event.type === 'ConsultationLaunched') ids.push(event.stream.slice('consultation-'.length));
    after = page[page.length - 1].position;
  }
}

/** A one-line progress bar on stderr (only when it is a terminal). */
export function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
  if (done >= total) process.stderr.write('\n');
}
