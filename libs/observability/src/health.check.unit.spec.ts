import { checkHealth } from './health.check';

const about = { clock: 'system', version: '1.2.3' };
const status = { checkpoint: 40, head: 42, lag: 2, parked: 0, parkedByProjection: {} };

describe('checkHealth', () => {
  it('reports ok with the store kind and head position', async () => {
    const store = { kind: 'sqlite', headPosition: async () => 42 };
    expect(await checkHealth(store, about)).toEqual({
      status: 'ok',
      eventStore: { kind: 'sqlite', headPosition: 42 },
      clock: 'system',
      version: '1.2.3',
    });
  });

  it('reports an error when the store fails the ping, without the database\'s words, which go to the log', async () => {
    const logged: unknown[] = [];
    const store = { kind: 'postgres', headPosition: () => Promise.reject(new Error('password authentication failed for user "consult"')) };
    const report = await checkHealth(store, about, { log: (_message, error) => logged.push(error) });
    expect(report).toEqual({ status: 'error', eventStore: { kind: 'postgres', error: 'event store unavailable' }, ...about });
    expect(JSON.stringify(report)).not.toMatch(/password|consult"/);
    expect(logged).toEqual([new Error('password authentication failed for user "consult"')]);
  });

  it('reports an error when the store does not answer in time', async () => {
    const store = { kind: 'kurrentdb', headPosition: () => new Promise<number>(() => undefined) };
    const started = Date.now();
    const report = await checkHealth(store, about, { timeoutMs: 20 });
    expect(report.status).toBe('error');
    expect(report.eventStore.error).toBe('event store unavailable');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('adds the read models\' checkpoint, lag and parked events, degraded while any is parked', async () => {
    const store = { kind: 'sqlite', headPosition: async () => 42 };
    const heads: number[] = [];
    const parked = { ...status, parked: 1, parkedByProjection: { contributions: 1 } };
    const report = await checkHealth(store, about, { projections: async (head) => (heads.push(head), parked) });
    expect(report.status).toBe('ok');
    expect(report.projections).toEqual({ ...parked, degraded: true });
    expect(heads).toEqual([42]);
    expect((await checkHealth(store, about, { projections: async () => status })).projections).toEqual({ ...status, degraded: false });
  });

  it('keeps ok with a generic error when the read models cannot be read', async () => {
    const store = { kind: 'sqlite', headPosition: async () => 42 };
    const report = await checkHealth(store, about, { projections: () => Promise.reject(new Error('SQLITE_CORRUPT: /var/data/x.db')), log: () => undefined });
    expect(report).toMatchObject({ status: 'ok', projections: { error: 'read models unavailable' } });
  });
});
