import fc from 'fast-check';
import { dropSchemas, testDatabaseUrl, uniqueSchema } from '../../libs/event-store/src/adapters/postgres.test-database';
import { stopAll } from '../support/spawn-app';
import { Fixture, send, startFixture } from './fixture';
import { FuzzRequest, fuzzRequest } from './fuzz.requests';
import { FuzzRunner, Violation } from './fuzz.runner';

/**
 * A hostile client: fast-check generates at least 10,000 requests over every endpoint (valid,
 * mutated and random bodies, invalid JSON, odd content types, queries, paths and tokens) against one
 * api on 127.0.0.1, one at a time. DESIGN.md: no input of any shape gets a 5xx; errors are
 * `{statusCode, error, message, details?}`; a refused request writes nothing (the store's head
 * position, read from /health around every write, moves only for a 2xx).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 9_2026);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
/** Requests a run sends together: its reads concurrently, then its writes in turn. */
const BATCH = 4;
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 360_000);
const batches = fc.array(fuzzRequest, { minLength: BATCH, maxLength: BATCH });
/** Classes of violation shrunk to a minimal request by fast-check, each within its own budget. */
const SHRINK_CLASSES = 8;
const SHRINK_BUDGET_MS = 10_000;
/** SQLite by default; FUZZ_EVENT_STORE=postgres runs the same requests on PostgreSQL (CONSULT_TEST_DATABASE_URL). */
const ON_POSTGRES = process.env.FUZZ_EVENT_STORE === 'postgres';
const schema = uniqueSchema('e2e_fuzz');

jest.setTimeout(BUDGET_MS + SHRINK_CLASSES * SHRINK_BUDGET_MS + 60_000);

describe('fuzz: hostile requests over every endpoint', () => {
  let fixture: Fixture;
  let runner: FuzzRunner;

  beforeAll(async () => {
    fixture = await startFixture(ON_POSTGRES ? { CONSULT_EVENT_STORE: 'postgres', CONSULT_DATABASE_URL: testDatabaseUrl(), CONSULT_DATABASE_SCHEMA: schema } : {});
    runner = new FuzzRunner(fixture.api.baseUrl, {
      councilIds: [fixture.councilId], forumIds: [fixture.forumId], contributionIds: new Map(), clock: Date.parse('2030-01-01T00:00:01Z'),
    });
  });
  afterAll(async () => {
    await fixture?.stop();
    await stopAll();
    if (ON_POSTGRES) await dropSchemas(testDatabaseUrl(), [schema]);
  });

  it(`answers ${REQUESTS}+ generated requests below 500, with the error shape, writing nothing when it refuses`, async () => {
    const started = Date.now();
    let run: fc.RunDetails<[FuzzRequest[]]> | undefined;
    await fc.assert(fc.asyncProperty(batches, async (batch) => void (await runner.runBatch(batch))), {
      seed: SEED, numRuns: Math.ceil(REQUESTS / BATCH), interruptAfterTimeLimit: BUDGET_MS, markInterruptAsFailure: true,
      // Violations are collected, not thrown, so one run measures every class; the reporter only keeps the details.
      reporter: (details) => void (run = details),
    });
    const classes = groupByClass(runner.violations);
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(`fuzz on ${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'}: seed ${SEED}, ${run?.numRuns} runs in ${seconds} s${run?.interrupted ? ' (INTERRUPTED by the time budget)' : ''}\n${summary(runner, classes)}`);
    if (classes.size > 0) console.log(`errors the api logged:\n${loggedErrors(fixture.api.output.stdout)}`);
    for (const [group, members] of [...classes].slice(0, SHRINK_CLASSES)) console.log(await shrink(runner, group, members[0].run));
    // Routes are labelled by pattern: thousands of odd paths must not grow the metrics without bound.
    const metrics = await send(fixture.api.baseUrl, 'GET', '/metrics');
    console.log(`metrics after the run: ${metrics.text.length} characters`);
    expect(metrics.text.length).toBeLessThan(1_000_000);
    expect({ interrupted: run?.interrupted, error: (run?.errorInstance as Error | null)?.stack ?? null }).toEqual({ interrupted: false, error: null });
    expect(runner.requests + runner.notSent).toBeGreaterThanOrEqual(REQUESTS);
    expect([...classes].map(([group, members]) => `${group}: ${members.length}× e.g. ${smallest(members).request}`)).toEqual([]);
  });
});

function groupByClass(violations: Violation[]): Map<string, Violation[]> {
  const classes = new Map<string, Violation[]>();
  for (const v of violations) classes.set(v.group, [...(classes.get(v.group) ?? []), v]);
  return classes;
}

const smallest = (members: Violation[]): Violation => members.reduce((a, b) => (b.request.length < a.request.length ? b : a));

/** The figures the lead reports: requests, the status histogram, 5xx, and by endpoint. */
function summary(runner: FuzzRunner, classes: Map<string, Violation[]>): string {
  const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}: ${n}`).join(', ');
  const fives = [...runner.statuses].filter(([s]) => s.startsWith('5')).reduce((n, [, c]) => n + c, 0);
  return [
    `fuzz: ${runner.requests} requests answered (${runner.notSent} not sendable by the client), 5xx: ${fives}`,
    `status histogram: ${sorted(runner.statuses)}`,
    ...[...runner.byEndpoint].map(([endpoint, m]) => `  ${endpoint.padEnd(14)} ${sorted(m)}`),
    `violation classes: ${classes.size}`,
    ...[...classes].map(([group, members]) => `  ${group}: ${members.length}× (${smallest(members).detail.slice(0, 160)})\n     e.g. ${smallest(members).request}`),
  ].join('\n');
}

/** The distinct errors in the api's JSON log lines (level error and above), most frequent first: the causes of 5xx. */
function loggedErrors(stdout: string): string {
  const counts = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    try {
      const entry = JSON.parse(line);
      if (entry.level < 50) continue;
      const frames = String(entry.err?.stack ?? entry.stack ?? '').split('\n').filter((l) => l.includes(' at ')).slice(0, 3).map((l) => l.trim());
      const message = `${String(entry.err?.message ?? entry.msg).slice(0, 200)}${frames.length ? `\n      ${frames.join('\n      ')}` : ''}`;
      counts.set(message, (counts.get(message) ?? 0) + 1);
    } catch { /* not a log line */ }
  }
  return [...counts].sort(([, a], [, b]) => b - a).slice(0, 15).map(([m, n]) => `  ${n}× ${m}`).join('\n');
}

/** Replays the first failing run of a class (fast-check's seed and path) and lets fast-check shrink it within that class. */
async function shrink(runner: FuzzRunner, group: string, run: number): Promise<string> {
  let minimal = '(no longer fails when replayed)';
  await fc.assert(fc.asyncProperty(batches, async (batch: FuzzRequest[]) => {
    const found = (await runner.runBatch(batch)).find((v) => v.group === group);
    if (found) minimal = `${found.request}\n     → ${found.detail.slice(0, 200)}`;
    return !found;
  }), { seed: SEED, path: String(run), interruptAfterTimeLimit: SHRINK_BUDGET_MS, reporter: () => undefined });
  return `minimal counterexample for "${group}" (seed ${SEED}, path ${run}):\n     ${minimal}`;
}
