import { CommandSpec } from './command';

const FOOTER = `Every command takes --help. Settings come from the environment (CONSULT_EVENT_STORE,
CONSULT_SQLITE_PATH, CONSULT_JWT_SECRET, ...; see README.md). Exit codes: 0 done, 1 failed, 2 usage.`;

/** `token --role R [--group G]`: a command's one-line synopsis. */
export function synopsis(spec: CommandSpec): string {
  const options = Object.entries(spec.options ?? {}).map(([name, o]) => {
    const written = o.type === 'boolean' ? `--${name}` : `--${name} ${o.value ?? 'VALUE'}`;
    return o.required ? written : `[${written}]`;
  });
  return [spec.name, spec.args, ...options].filter(Boolean).join(' ');
}

/** One command's help: synopsis, summary, and every option with its default. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [`  ${synopsis(spec)}`, `      ${spec.summary}`];
  for (const [name, o] of Object.entries(spec.options ?? {})) {
    const flag = o.type === 'boolean' ? `--${name}` : `--${name} ${o.value ?? 'VALUE'}`;
    const extra = [o.choices && o.value !== o.choices.join('|') ? `one of ${o.choices.join(', ')}` : '', o.default ? `default ${o.default}` : '']
      .filter(Boolean).join('; ');
    lines.push(`        ${flag.padEnd(22)} ${o.description}${extra ? ` (${extra})` : ''}`);
  }
  return lines.join('\n');
}

/** The whole help: usage, every command with its options, then the footer; nothing after it. */
export function fullHelp(commands: CommandSpec[]): string {
  return `Usage: npm run consult -- <command> [options]\n\nCommands:\n${commands.map(commandHelp).join('\n')}\n\n${FOOTER}\n`;
}

/** The help of one command, as `<command> --help` prints it. */
export function singleHelp(spec: CommandSpec): string {
  return `Usage: npm run consult -- ${synopsis(spec)}\n\n${commandHelp(spec)}\n\n${FOOTER}\n`;
}
