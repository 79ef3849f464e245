import { parseArgs } from 'node:util';
import { tokenCommand } from './token.command';
import { demoCommand } from './demo.command';

const HELP = `Usage: npm run consult -- <command> [options]

Commands:
  serve                              start the api (same as npm start)
  token --role R [--group G] [--org O] [--name N] [--sub S] [--expires 12h]
                                     print a JWT signed with CONSULT_JWT_SECRET
  demo gca|wsis2019                  run a seed timeline on a manual clock and print it
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
