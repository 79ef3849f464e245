/**
 * For `main.ts`: a start-up that failed (store unreachable, port taken) ends the process
 * with one line on stderr and exit code 1. Set LOG_LEVEL=debug to get the stack too.
 */
export function exitOnStartupFailure(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`startup error: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
