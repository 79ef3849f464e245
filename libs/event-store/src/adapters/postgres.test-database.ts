import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The PostgreSQL that integration tests run against. Missing is a failure, not a
 * skip: a green run must mean the adapter was exercised.
 */
export function testDatabaseUrl(): string {
  const url = process.env.CONSULT_TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'CONSULT_TEST_DATABASE_URL is not set: the PostgreSQL integration tests need a database ' +
      '(e.g. CONSULT_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)');
  }
  return url;
}

/** A schema name no other run uses: tests isolate by schema and drop it afterwards. */
export function uniqueSchema(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Runs one statement on a short-lived connection (tampering, inspection, clean-up). */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  await withClient(url, async (client) => {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
}
