import { parseArgs } from 'node:util';
import { tokenCommand } from './token.command';
import { demoCommand } from './demo.command';
import { exportCommand, replayCommand, verifyCommand } from './audit.commands';
import { projectionsCommand } from './projections.command';

const HELP = `Usage: npm run consult -- <command> [options]

Commands:
  serve                              start the api (same as npm start)
  token --role R [--group G] [--org O] [--name N] [--sub S] [--expires 12h]
                                     print a JWT signed with CONSULT_JWT_SECRET
  demo gca|wsis2019|wsis2020         run a seed timeline on a manual clock and print it
  replay <id> [--at ISO]             the state replayed as of an instant (default: now)
  verify [<id>|--all]                hash chains and replay; exit code 1 if any fails
  projections rebuild                rebuild the read models from every event
  export <id> --format jsonl|csv     the full history of a consultation

The store is the one the environment configures (CONSULT_EVENT_STORE, CONSULT_SQLITE_PATH, ...).
  help                               this text
`;

/** A CLI error: printed as one line, exit code 2 (usage). */
export class UsageError extends Error {}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'token':
        return await tokenCommand(rest);
      case 'demo':
        return await demoCommand(rest);
      case 'replay':
        return await replayCommand(rest);
      case 'verify':
        return await verifyCommand(rest);
      case 'export':
        return await exportCommand(rest);
      case 'projections':
        return await projectionsCommand(rest);
      case 'serve':
        await import('../../api/src/main');
        return await new Promise<number>(() => undefined);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`consult: ${(error as Error).message}\n\n${HELP}`);
      return 2;
    }
    throw error;
  }
}

export { parseArgs };
