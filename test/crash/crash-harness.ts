import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { EventStore, StoredEvent } from '../../libs/event-store/src/event-store.port';

const root = join(__dirname, '..', '..');

/** One append the child printed as acknowledged. */
export interface Acknowledged {
  key: string;
  stream: string;
  ids: string[];
  positions: number[];
}

let child: ChildProcess | undefined;

/** Kills the child if a test left it running (call in `afterAll`). */
export function killChild(): void {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/**
 * Runs test/crash/appender.ts with `args`, SIGKILLs it `runMs` after it is ready, and
 * returns the appends it acknowledged before dying.
 */
export function runAndKill(args: string[], runMs: number): Promise<{ acknowledged: Acknowledged[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['-r', join(root, 'tools/register.js'), join(root, 'test/crash/appender.ts'), ...args],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    let err = '';
    let killTimer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => proc.kill('SIGKILL'), 20000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // The clock starts at the first acknowledged append, not at "ready": on a loaded machine the
      // writer thread may take a while to start, and a kill before any append proves nothing.
      if (!killTimer && out.startsWith('ready\n') && out.indexOf('\n', 6) > 0) killTimer = setTimeout(() => proc.kill('SIGKILL'), runMs);
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

/**
 * After the crash: every acknowledged append is stored at its positions, no append is
 * half-written, positions are gap-free, chains verify, and the store takes writes again.
 */
export async function expectIntactAfterCrash(store: EventStore, acknowledged: Acknowledged[], probeId: string): Promise<void> {
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
  const { type, data, metadata } = all[0];
  const next = await store.append(all[0].stream, [{ id: probeId, type, data, metadata }]);
  expect(next.position).toBe(all.length + 1);
}

function groupBy(items: StoredEvent[], key: (item: StoredEvent) => string): Map<string, StoredEvent[]> {
  const groups = new Map<string, StoredEvent[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
