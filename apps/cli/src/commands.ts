import { TOKEN_ROLES } from '@consult/auth';
import { STAKEHOLDER_GROUPS } from '@consult/workflows';
import { CommandSpec } from './command';
import { checks } from './checks';

/** Never resolves: a server runs until the process is signalled. */
const forever = () => new Promise<number>(() => undefined);
const DEMO_NAMES = ['gca', 'wsis2019', 'wsis2020', 'all'];

/*
 * What each command takes, in one place: help is printed from these, and every command's options
 * and arguments are checked from them the same way (command.ts). The work itself is loaded only
 * when the command runs, so help and usage errors answer at once.
 */

const serve: CommandSpec = {
  name: 'serve',
  summary: 'start the api (same as npm start)',
  options: { port: { type: 'string', value: 'N', check: checks.port, description: 'port to listen on (sets PORT; default: PORT or 3000)' } },
  run: async ({ values }) => {
    if (values.port !== undefined) process.env.PORT = values.port as string;
    await import('../../api/src/main');
    return forever();
  },
};

const worker: CommandSpec = {
  name: 'worker',
  summary: 'start a background process (same as npm run worker): reminders, deadlines, notifications and read models, beside api processes run with CONSULT_BACKGROUND=off (PostgreSQL only)',
  run: async () => {
    await import('../../worker/src/main');
    return forever();
  },
};

const token: CommandSpec = {
  name: 'token',
  summary: 'print a JWT the api accepts (HS256, signed with the secret the api uses)',
  options: {
    role: { type: 'string', value: 'R', required: true, choices: TOKEN_ROLES, description: 'who the token is for' },
    group: { type: 'string', value: 'G', choices: STAKEHOLDER_GROUPS, description: 'stakeholder group, required for a participant' },
    org: { type: 'string', value: 'O', check: checks.text, description: 'organisation' },
    name: { type: 'string', value: 'N', check: checks.text, description: 'display name' },
    sub: { type: 'string', value: 'S', check: checks.text, description: 'subject (default: role:org:name)' },
    expires: { type: 'string', value: 'SPAN', default: '12h', check: checks.lifetime, description: 'lifetime: seconds, or 30m, 12h, 7d' },
  },
  check: ({ values }) => (values.role === 'participant' && values.group === undefined ? '--group is required for a participant' : undefined),
  run: async (input) => (await import('./token.command')).token(input),
};

const demo: CommandSpec = {
  name: 'demo',
  args: DEMO_NAMES.join('|'),
  arity: [1, 1],
  summary: 'play a seed timeline (or all three, into one store, interleaved by date) with its real dates on a manual clock, print it, and verify it',
  options: {
    data: { type: 'string', value: 'FILE', description: 'SQLite file to play into, emptied first (default: data/demo/<name>.db)' },
    serve: { type: 'boolean', description: 'then keep the api and its dashboard up (PORT or 3000, on HOST or 127.0.0.1) until Ctrl-C' },
  },
  check: ({ positionals }) => (DEMO_NAMES.includes(positionals[0]) ? undefined : `expects one of ${DEMO_NAMES.join(', ')} (got ${JSON.stringify(positionals[0])})`),
  run: async (input) => (await import('./demo.command')).demo(input),
};

const replay: CommandSpec = {
  name: 'replay',
  args: '<id>',
  arity: [1, 1],
  summary: 'the state of a consultation replayed as of an instant, as JSON',
  options: { at: { type: 'string', value: 'ISO', check: checks.instant, description: 'the instant (default: now)' } },
  run: async (input) => (await import('./audit.commands')).replay(input),
};

const verify: CommandSpec = {
  name: 'verify',
  args: '[<id>]',
  arity: [0, 1],
  summary: 'check hash chains and replay one consultation, or all; with --checkpoint, that the log extends a saved checkpoint; exit code 1 if any fails',
  options: {
    all: { type: 'boolean', description: 'every consultation in the store' },
    checkpoint: { type: 'string', value: 'FILE', description: 'a checkpoint note saved from GET /api/audit/checkpoint' },
    key: { type: 'string', value: 'KEY', check: checks.verifierKey, description: 'the note verifier key to check it with (default: this store\'s)' },
  },
  check: ({ values, positionals }) => (values.all && positionals.length === 1 ? 'needs one consultation id or --all, not both'
    : !values.all && positionals.length === 0 && !values.checkpoint ? 'needs one consultation id or --all, or --checkpoint FILE'
      : values.key && !values.checkpoint ? '--key goes with --checkpoint' : undefined),
  run: async (input) => (await import('./audit.commands')).verify(input),
};

const projectionsRebuild: CommandSpec = {
  name: 'projections rebuild',
  args: '[<name>]',
  arity: [0, 1],
  summary: 'empty one read model (or all) and fold every event it handles again (progress bar on a terminal, events/s at the end)',
  run: async (input) => (await import('./projections.command')).rebuild(input),
};

const projectionsRetry: CommandSpec = {
  name: 'projections retry',
  args: '[<name>]',
  arity: [0, 1],
  summary: 'apply the events a read model parked again (one read model, or all); exit code 1 if any still fails',
  run: async (input) => (await import('./projections.command')).retry(input),
};

const exportHistory: CommandSpec = {
  name: 'export',
  args: '<id>',
  arity: [1, 1],
  summary: 'the history of a consultation (with what each event changed) and its contributions, one event a line, on stdout',
  options: { format: { type: 'string', value: 'jsonl|csv', choices: ['jsonl', 'csv'], default: 'jsonl', description: 'output format' } },
  run: async (input) => (await import('./audit.commands')).exportHistory(input),
};

const importHistory: CommandSpec = {
  name: 'import',
  args: '<FILE>',
  arity: [1, 1],
  summary: 'load a JSONL export into a store that does not hold its streams, then check its hashes and verify it; exit code 1 if any fails',
  run: async (input) => (await import('./import.command')).importFile(input),
};

const deliveries: CommandSpec = {
  name: 'deliveries',
  summary: 'the outgoing e-mail and webhook deliveries (newest first): id, channel, status, attempts, last error, address',
  options: { status: { type: 'string', value: 'S', choices: ['pending', 'failed', 'sent', 'dead', 'cancelled'], description: 'only deliveries in this status' } },
  run: async (input) => (await import('./deliveries.command')).deliveries(input),
};

/** Every command but `help`, in the order help lists them; a name of two words is a subcommand. */
export const COMMAND_SPECS: CommandSpec[] = [serve, worker, token, demo, replay, verify, projectionsRebuild, projectionsRetry, exportHistory, importHistory, deliveries];
