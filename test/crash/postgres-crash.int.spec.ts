import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PostgresEventStore } from '../../libs/event-store/src/adapters/postgres.event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../libs/event-store/src/adapters/postgres.test-database';

const url = testDatabaseUrl();
const root = join(__dirname, '..', '..');
const schema = uniqueSchema('es_crash');

interface Acknowledged {
  key: string;
  stream: string;
  ids: string[];
  positions: number[];
}

let child: ChildProcess | undefined;
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await dropSchemas(url, [schema]);
});

/** Runs the appender, kills it with SIGKILL `runMs` after it is ready, returns what it acknowledged. */
function runAndKill(runMs: number): Promise<{ acknowledged: Acknowledged[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath,
      ['-r', join(root, 'tools/register.js'), join(root, 'test/crash/appender.ts'), 'postgres', url, schema],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    let err = '';
    let killTimer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => proc.kill('SIGKILL'), 20000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!killTimer && out.startsWith('ready\n')) killTimer = setTimeout(() => proc.kill('SIGKILL'), runMs);
    });
    proc.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      clearTimeout(deadline);
      if (killTimer) clearTimeout(killTimer);
      if (!killTimer) return reject(new Error(`appender never became ready (exit ${code}, ${signal}): ${err}`));
      // The last line may have been cut by the kill: keep complete lines only.
      const lines = out.split('\n').slice(1, -1);
      resolve({ acknowledged: lines.map((line) => JSON.parse(line) as Acknowledged), signal });
    });
  });
}

describe('postgres crash safety', () => {
  it('keeps every acknowledged append, and no partial one, after SIGKILL mid-write', async () => {
    const { acknowledged, signal } = await runAndKill(1500);
    expect(signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThan(20);

    const store = await PostgresEventStore.open({ connectionString: url, schema });
    try {
      const all = await store.readAll();
      const byId = new Map(all.map((event) => [event.id, event]));
      for (const ack of acknowledged) {
        expect(ack.ids.map((id) => byId.get(id)?.position)).toEqual(ack.positions);
      }
      expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));
      expect(await store.headPosition()).toBe(all.length);

      for (const batch of groupBy(all, (e) => String(e.data.appendKey)).values()) {
        expect(batch).toHaveLength(3);
        expect(batch.map((e) => e.revision)).toEqual([0, 1, 2].map((i) => batch[0].revision + i));
        expect(new Set(batch.map((e) => e.stream)).size).toBe(1);
      }
      for (const stream of new Set(all.map((e) => e.stream))) {
        expect(await store.verifyStream(stream)).toMatchObject({ ok: true, problems: [] });
      }
      // The store still takes writes after the crash, continuing the numbering.
      const { type, data, metadata } = all[0];
      const next = await store.append(all[0].stream, [{ id: `after-crash-${schema}`, type, data, metadata }]);
      expect(next.position).toBe(all.length + 1);
    } finally {
      await store.close();
    }
  }, 30000);
});

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
