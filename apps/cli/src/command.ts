import { parseArgs } from 'node:util';

/** A CLI error the user can fix: printed as one line with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: CommandSpec) {
    super(message);
  }
}

/** One option of a command: how help shows it and how its value is checked. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value's placeholder in help (`--at ISO`). */
  value?: string;
  description: string;
  required?: boolean;
  default?: string;
  /** The only values allowed; checked before `check`. */
  choices?: readonly string[];
  /** The problem with a value (completing "--name ..."), or undefined when it is fine. */
  check?: (value: string) => string | undefined;
}

/** What a command receives once its options and arguments passed their checks. */
export interface CommandInput {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** A command: its words (`projections rebuild`), arguments, options, and what it does. */
export interface CommandSpec {
  name: string;
  /** Positional arguments as help shows them: `<id>`, `[name]`. */
  args?: string;
  summary: string;
  options?: Record<string, OptionSpec>;
  /** How many positional arguments it takes: [least, most]; none by default. */
  arity?: [number, number];
  /** A problem with the whole input (e.g. "an id or --all"), checked after the options. */
  check?: (input: CommandInput) => string | undefined;
  run(input: CommandInput): Promise<number>;
}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** Parses `argv` for `spec` the same way for every command; undefined when `--help` was asked for. */
export function parseCommand(spec: CommandSpec, argv: string[]): CommandInput | undefined {
  const options = { ...Object.fromEntries(Object.entries(spec.options ?? {}).map(([name, o]) => [name, { type: o.type }])), ...HELP_OPTION };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's message goes on about positionals after `--`; its first sentence is the point.
    throw new UsageError(`${spec.name}: ${(error as Error).message.split(/\.\s|\n/)[0]}`, spec);
  }
  if (parsed.values.help) return undefined;
  const values: CommandInput['values'] = {};
  for (const [name, option] of Object.entries(spec.options ?? {})) {
    const value = parsed.values[name] ?? option.default;
    const problem = value === undefined ? (option.required ? 'is required' : undefined) : problemWith(option, value as string | boolean);
    if (problem) throw new UsageError(`${spec.name}: --${name} ${problem}`, spec);
    values[name] = value as string | boolean | undefined;
  }
  const positionals = parsed.positionals;
  const [least, most] = spec.arity ?? [0, 0];
  if (positionals.length < least || positionals.length > most) {
    throw new UsageError(`${spec.name}: ${most === 0 ? 'takes no arguments' : `expects ${spec.args}`} (got ${positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ')})`, spec);
  }
  const input = { values, positionals };
  const problem = spec.check?.(input);
  if (problem) throw new UsageError(`${spec.name}: ${problem}`, spec);
  return input;
}

function problemWith(option: OptionSpec, value: string | boolean): string | undefined {
  if (typeof value === 'boolean') return undefined;
  if (option.choices && !option.choices.includes(value)) return `must be one of ${option.choices.join(', ')} (got ${JSON.stringify(value)})`;
  const problem = option.check?.(value);
  return problem && `${problem} (got ${JSON.stringify(value)})`;
}
