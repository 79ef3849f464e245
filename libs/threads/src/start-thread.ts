import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const REGISTER = join(__dirname, '..', '..', '..', 'tools', 'register.js');

/**
 * Starts a worker thread on `entry` (a path without its extension). From the sources
 * the thread loads the TypeScript through the same loader as `npm start`
 * (tools/register.js): a thread does not inherit the loader of the code that starts it,
 * Jest's least of all. Compiled, it runs the `.js` beside it.
 */
export function startThread(entry: string, workerData: unknown): Worker {
  if (!existsSync(`${entry}.ts`)) return new Worker(`${entry}.js`, { workerData });
  return new Worker(`require(${JSON.stringify(REGISTER)}); require(${JSON.stringify(`${entry}.ts`)});`, { eval: true, workerData });
}
