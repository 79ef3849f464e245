import { PostgresEventStore } from '../../libs/event-store/src/adapters/postgres.event-store';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../libs/event-store/src/adapters/postgres.test-database';
import { expectIntactAfterCrash, killChild, runAndKill } from './crash-harness';

const url = testDatabaseUrl();
const schema = uniqueSchema('es_crash');

afterAll(async () => {
  killChild();
  await dropSchemas(url, [schema]);
});

describe('postgres crash safety', () => {
  it('keeps every acknowledged append, and no partial one, after SIGKILL mid-write', async () => {
    const { acknowledged, signal } = await runAndKill(['postgres', url, schema], 1500);
    expect(signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThan(20);
    const store = await PostgresEventStore.open({ connectionString: url, schema });
    try {
      await expectIntactAfterCrash(store, acknowledged, `after-crash-${schema}`);
    } finally {
      await store.close();
    }
  }, 30000);
});
