import { ConfigError } from '@consult/config';
import { CommandSpec, UsageError, parseCommand } from './command';
import { fullHelp, singleHelp, synopsis } from './help';
import { COMMAND_SPECS } from './commands';

const helpCommand: CommandSpec = {
  name: 'help',
  args: '[<command>]',
  arity: [0, 2],
  summary: 'this text, or the help of one command',
  run: async ({ positionals }) => {
    const spec = positionals.length === 0 ? undefined : find(positionals)?.spec;
    if (positionals.length > 0 && !spec) throw new UsageError(`help: unknown command "${positionals.join(' ')}"`);
    process.stdout.write(spec ? singleHelp(spec) : fullHelp(COMMANDS));
    return 0;
  },
};

/** Every command, in the order help lists them. */
export const COMMANDS: CommandSpec[] = [...COMMAND_SPECS, helpCommand];

/** The command `argv` starts with (the longest name that matches), and the rest of argv. */
function find(argv: string[]): { spec: CommandSpec; rest: string[] } | undefined {
  const matches = COMMANDS.filter((spec) => spec.name.split(' ').every((word, i) => argv[i] === word));
  const spec = matches.sort((a, b) => b.name.length - a.name.length)[0];
  return spec && { spec, rest: argv.slice(spec.name.split(' ').length) };
}

/** Runs `consult <argv>`; resolves with the exit code (0 done, 1 failed, 2 usage). */
export async function runCli(argv: string[]): Promise<number> {
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') return await helpCommand.run({ values: {}, positionals: [] });
    const found = find(argv);
    if (!found) throw new UsageError(unknown(argv));
    const input = parseCommand(found.spec, found.rest);
    if (input) return await found.spec.run(input);
    process.stdout.write(singleHelp(found.spec));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      const usage = error.command ? `usage: npm run consult -- ${synopsis(error.command)}\n` : '';
      const more = error.command ? `npm run consult -- ${error.command.name} --help` : 'npm run consult -- help';
      process.stderr.write(`consult: ${error.message}\n${usage}(see: ${more})\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`config error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function unknown(argv: string[]): string {
  const subcommands = COMMANDS.filter((spec) => spec.name.startsWith(`${argv[0]} `)).map((spec) => spec.name.split(' ')[1]);
  if (subcommands.length > 0) return `${argv[0]} needs a subcommand: ${subcommands.join(', ')}${argv[1] ? ` (got "${argv[1]}")` : ''}`;
  return `unknown command "${argv[0]}"`;
}
