import { checkHealth } from './health.check';

const about = { clock: 'system', version: '1.2.3' };

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

  it('reports an error when the store fails the ping', async () => {
    const store = { kind: 'postgres', headPosition: () => Promise.reject(new Error('connection refused')) };
    expect(await checkHealth(store, about)).toMatchObject({
      status: 'error',
      eventStore: { kind: 'postgres', error: 'connection refused' },
    });
  });

  it('reports an error when the store does not answer in time', async () => {
    const store = { kind: 'kurrentdb', headPosition: () => new Promise<number>(() => undefined) };
    const report = await checkHealth(store, about, 20);
    expect(report.status).toBe('error');
    expect(report.eventStore.error).toMatch(/no answer within 20 ms/);
  });
});
