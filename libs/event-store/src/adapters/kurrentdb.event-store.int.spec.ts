import { describeEventStoreContract, newStream, sampleEvents } from '../testing';
import { KurrentDbEventStore } from './kurrentdb.event-store';

const connectionString = process.env.CONSULT_KURRENTDB_URL;

if (!connectionString) {
  describe('kurrentdb contract suite', () => {
    console.log('kurrentdb contract suite skipped: set CONSULT_KURRENTDB_URL=esdb://host:2113?tls=false to run it');
    it.skip('runs the event store contract against the KurrentDB server at CONSULT_KURRENTDB_URL', () => undefined);
  });
} else {
  const open = () => KurrentDbEventStore.open({ connectionString });

  describeEventStoreContract('kurrentdb', open, { gapFreePositions: false });

  describe('kurrentdb adapter on a real server', () => {
    let store: KurrentDbEventStore;
    beforeAll(async () => { store = await open(); });
    afterAll(async () => { await store?.close(); });

    // The adapter takes positions from stream reads and from $all reads: they must agree.
    it('reports the same position for each event of a multi-event append in stream and $all reads', async () => {
      const before = await store.headPosition();
      const stream = newStream();
      const { events } = await store.append(stream, sampleEvents(3));
      const all = await store.readAll({ after: before });
      const fromAll = all.filter((e) => e.stream === stream);
      expect(fromAll.map((e) => [e.id, e.position])).toEqual(events.map((e) => [e.id, e.position]));
      expect(new Set(events.map((e) => e.position)).size).toBe(3);
    });

    it('refuses to open when the server cannot be reached, naming the address without its password', async () => {
      const error = await KurrentDbEventStore.open({ connectionString: 'esdb://admin:secret@127.0.0.1:1?tls=false' })
        .catch((e: Error) => e);
      expect(String(error)).toMatch(/admin:\*\*\*@127\.0\.0\.1:1/);
      expect(String(error)).not.toMatch(/secret/);
    });
  });
}
