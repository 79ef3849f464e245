import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { EventStore, openEventStore } from '@consult/event-store';
import { newStream, sampleEvent } from '@consult/event-store/testing';
import { DEFAULT_LIVE_OPTIONS, LiveConnection, LiveConnectionOptions } from './live-connection';
import { LiveHub, LiveSource } from './live-hub';

/** A client reading as fast as it can (or never, when `stalled`), keeping the bytes it got. */
class Client extends Writable {
  text = '';
  constructor(private readonly stalled = false) {
    super({ highWaterMark: 256 });
  }
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    if (this.stalled) return;
    this.text += chunk.toString();
    done();
  }
  /** The `id:` of every message received, in order. */
  ids(): number[] {
    return [...this.text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
  }
}

const dir = mkdtempSync(join(tmpdir(), 'consult-live-'));
let store: EventStore;
const options = (more: Partial<LiveConnectionOptions> = {}): LiveConnectionOptions => ({ ...DEFAULT_LIVE_OPTIONS, ...more });
const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resume) => setTimeout(resume, 10));
  }
};
const appendPublic = (stream: string, n: number) =>
  store.append(stream, Array.from({ length: n }, () => sampleEvent('MeetingScheduled', { meetingId: 'm' })));

beforeAll(async () => {
  store = await openEventStore({ kind: 'sqlite', sqlitePath: join(dir, 'events.db') });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the live hub on a SQLite store', () => {
  it.each([[1000, 'held'], [2, 'held past the limit, dropped and read again']])(
    'resumes after a position with every later public event once, in order, then live ones (live events %s: %s)', async (maxHeldMessages) => {
      const stream = newStream();
      const first = await appendPublic(stream, 20);
      await store.append(stream, [sampleEvent('NotPublic', { secret: 'x' })]);
      // The store itself, but every page read while catching up is followed by three appends, delivered live
      // meanwhile: the backlog shrinks by one a page, so the last, short, page is followed by appends too.
      let reads = 0;
      const source: LiveSource = {
        headPosition: () => store.headPosition(),
        subscribeToAll: (after) => store.subscribeToAll(after),
        readAll: async (o) => {
          const page = await store.readAll(o);
          if (reads++ < 40) {
            await appendPublic(stream, 3);
            await new Promise((resume) => setTimeout(resume, 20));
          }
          return page;
        },
      };
      const hub = new LiveHub(source);
      const client = new Client();
      const connection = new LiveConnection(hub, client, undefined, options({ pageSize: 4, maxHeldMessages }));
      const from = first.events[4].position;
      await connection.open();
      await connection.run(from);
      await appendPublic(stream, 5);
      const head = await store.headPosition();
      const expected = (await store.readAll({ after: from })).filter((e) => e.type === 'MeetingScheduled').map((e) => e.position);
      await until(() => client.ids().at(-1) === head);
      expect(client.ids()).toEqual(expected);
      expect(expected).toHaveLength(15 + 3 * Math.min(reads, 40) + 5);
      expect(reads).toBeGreaterThan(10);
      connection.close();
    });

  it('shares one store subscription among its clients and stops it when the last one goes', async () => {
    const hub = new LiveHub(store);
    const clients = Array.from({ length: 5 }, () => new Client());
    const connections = clients.map((client) => new LiveConnection(hub, client, undefined, options()));
    await Promise.all(connections.map((c) => c.open()));
    connections.forEach((c) => void c.run());
    expect([hub.clients, hub.storeSubscriptions]).toEqual([5, 1]);
    const { position } = await appendPublic(newStream(), 1);
    await until(() => clients.every((client) => client.ids().includes(position)));
    clients[0].destroy();
    await until(() => hub.clients === 4);
    connections.slice(1).forEach((c) => c.close());
    expect([hub.clients, hub.storeSubscriptions]).toEqual([0, 0]);
  });

  it('sends a consultation\'s events only to the clients that asked for it', async () => {
    const hub = new LiveHub(store);
    const [mine, other] = [newStream(), newStream()];
    const client = new Client();
    const connection = new LiveConnection(hub, client, mine.slice('consultation-'.length), options());
    await connection.open();
    void connection.run();
    await appendPublic(other, 2);
    const { position } = await appendPublic(mine, 1);
    await until(() => client.ids().length > 0);
    expect(client.ids()).toEqual([position]);
    connection.close();
  });

  it('cuts off a client that stops reading, and it leaves the hub', async () => {
    const hub = new LiveHub(store);
    const client = new Client(true);
    let closed = false;
    const connection = new LiveConnection(hub, client, undefined, options({ maxBufferedBytes: 4096 }), () => (closed = true));
    await connection.open();
    void connection.run();
    for (let i = 0; i < 20 && !closed; i++) await appendPublic(newStream(), 5);
    await until(() => closed);
    expect([hub.clients, hub.storeSubscriptions, client.destroyed]).toEqual([0, 0, true]);
  });

  it('writes heartbeat comments at the interval it is given', async () => {
    const hub = new LiveHub(store);
    const client = new Client();
    const connection = new LiveConnection(hub, client, undefined, options({ heartbeatMs: 30 }));
    await connection.open();
    void connection.run();
    await until(() => (client.text.match(/^: heartbeat$/gm) ?? []).length >= 2);
    connection.close();
  });
});
