import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenService } from '../../libs/auth/src/token.service';
import { COMMANDS, runCli } from '../../apps/cli/src/cli';

/** Runs the CLI in-process, capturing what it prints. */
async function consult(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out.stdout += String(chunk)), true));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((out.stderr += String(chunk)), true));
  try {
    return { code: await runCli(argv), ...out };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

/** Runs `body` with some environment variables set (undefined: removed), then puts them back. */
async function withEnv<T>(vars: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) if (value === undefined) delete process.env[name]; else process.env[name] = value;
  };
  apply(vars);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

describe('consult help', () => {
  it('lists every command with every one of its options', async () => {
    const { code, stdout } = await consult('help');
    expect(code).toBe(0);
    for (const spec of COMMANDS) {
      expect(stdout).toContain(`  ${spec.name}`);
      for (const option of Object.keys(spec.options ?? {})) expect({ command: spec.name, listed: stdout.includes(`--${option}`) }).toEqual({ command: spec.name, listed: true });
    }
  });

  it('prints nothing after its footer', async () => {
    const { stdout } = await consult('help');
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^CONSULT_SQLITE_PATH.*Exit codes: 0 done, 1 failed, 2 usage\.$/);
    expect(stdout.indexOf('Every command takes --help')).toBeGreaterThan(stdout.indexOf('help [<command>]'));
  });

  it.each(COMMANDS.map((spec) => [spec.name]))('documents "%s" in its own --help', async (name) => {
    const { code, stdout } = await consult(...name.split(' '), '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: npm run consult -- ${name}`));
  });
});

describe('consult options, the same way for every command', () => {
  it.each(COMMANDS.map((spec) => [spec.name]))('"%s" refuses an unknown option with a usage error (exit 2)', async (name) => {
    const { code, stderr } = await consult(...name.split(' '), '--bogus');
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^consult: ${name}: Unknown option '--bogus'\\nusage: npm run consult -- ${name}`));
  });

  it.each([
    [['serve', '--port', 'abc'], /--port must be an integer between 1 and 65535 \(got "abc"\)/],
    [['serve', '--port', '70000'], /--port must be an integer/],
    [['serve', 'now'], /serve: takes no arguments/],
    [['token', '--role', 'admin'], /--role must be one of secretariat, participant, auditor \(got "admin"\)/],
    [['token'], /--role is required/],
    [['token', '--role', 'participant'], /--group is required for a participant/],
    [['token', '--role', 'participant', '--group', 'everyone'], /--group must be one of member-state/],
    [['token', '--role', 'auditor', '--expires', 'forever'], /--expires must be a lifetime/],
    [['replay', 'x', '--at', 'March 7, 2030'], /--at must be an ISO 8601 date-time with an offset/],
    [['replay', 'x', '--at', '2020-02-30T00:00:00Z'], /--at must be an ISO 8601/],
    [['replay'], /replay: expects <id> \(got none\)/],
    [['export', 'x', '--format', 'xml'], /--format must be one of jsonl, csv/],
    [['demo', 'nope'], /demo: expects one of gca, wsis2019, wsis2020/],
    [['verify', 'a', '--all'], /verify: needs one consultation id or --all/],
    [['projections'], /projections needs a subcommand: rebuild, retry/],
    [['projections', 'retry', 'a', 'b'], /projections retry: expects \[<name>\]/],
    [['projections', 'rebuild', 'a', 'b'], /projections rebuild: expects \[<name>\]/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j is a usage error', async (argv, message) => {
    const { code, stderr } = await consult(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe('consult token', () => {
  it('signs with the development secret the api keeps beside the data when CONSULT_JWT_SECRET is unset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consult-cli-'));
    try {
      const { code, stdout } = await withEnv({ CONSULT_JWT_SECRET: undefined, CONSULT_JWT_JWKS_URL: undefined, NODE_ENV: undefined, CONSULT_SQLITE_PATH: join(dir, 'consult.db') }, () => consult('token', '--role', 'auditor'));
      expect(code).toBe(0);
      const secret = readFileSync(join(dir, 'jwt-secret'), 'utf8').trim();
      expect(new TokenService(secret).callerFrom(`Bearer ${stdout.trim()}`)).toMatchObject({ role: 'auditor' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses when tokens come from an OpenID Connect provider', async () => {
    const jwks = { CONSULT_JWT_JWKS_URL: 'https://id.example/jwks', CONSULT_JWT_ISSUER: 'https://id.example', CONSULT_JWT_AUDIENCE: 'consult' };
    const { code, stderr } = await withEnv(jwks, () => consult('token', '--role', 'auditor'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/CONSULT_JWT_JWKS_URL is set, so the api accepts only tokens of that OpenID Connect provider/);
  });
});
