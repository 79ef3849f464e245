import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { REPO_ROOT, SpawnedApp, TEST_JWT_SECRET, freePort, spawnScript, tempDir } from '../support/spawn-app';
import { waitForHttp } from '../support/spawn-api';
import { tokens } from '../support/consult-client';
import { startSmtpSink } from '../email/smtp-sink';

jest.setTimeout(120_000);

/** Starts `npm run consult -- <args>` as a long-running process (e.g. `serve`), stopped by its pid. */
function consultInBackground(args: string[], env: Record<string, string>): SpawnedApp {
  return spawnScript(['apps/cli/src/main.ts', ...args], { HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env });
}

/** Runs `npm run consult -- <args>` as a user would (through node and the register hook). */
function consult(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['-r', './tools/register.js', 'apps/cli/src/main.ts', ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 90_000,
    env: { ...process.env, CONSULT_JWT_SECRET: TEST_JWT_SECRET, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the consult command', () => {
  const data = tempDir();
  const env = { CONSULT_SQLITE_PATH: `${data.path}/demo.db` };
  let id: string;

  afterAll(() => data.remove());

  it('plays the GCA seed timeline with its real dates and verifies it', () => {
    const { code, stdout } = consult(['demo', 'gca', '--data', env.CONSULT_SQLITE_PATH], { CONSULT_SMTP_URL: '' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^e-mail: off \(CONSULT_SMTP_URL unset\): .*CONSULT_SMTP_URL=smtp:\/\/127\.0\.0\.1:1025/m);
    expect(stdout).not.toMatch(/messages accepted/);
    expect(stdout).toMatch(/2020-04-09T12:00:00\+02:00\s+draftPublished\s+draft guidelines published online/);
    expect(stdout).toMatch(/consultation-closes → ConsultationClosed/);
    expect(stdout).toMatch(/✉ Egypt\s+ar\s+meeting\.format-changed/);
    expect(stdout).toMatch(/2022-03-31T17:00:00\+02:00\s+approved/);
    expect(stdout).toMatch(/audit: verified: \d+ events/);
    id = /consultation ([0-9a-f-]{36}):/.exec(stdout)![1];
  });

  it('with CONSULT_SMTP_URL, mails the confirmations and every notice to a real SMTP server (Arabic ones right to left), and writes a calendar ical.js reads', async () => {
    const sink = await startSmtpSink();
    const dir = tempDir();
    try {
      // Spawned, not spawnSync: the SMTP server answers from this process's event loop.
      const run = consultInBackground(['demo', 'gca', '--data', `${dir.path}/gca.db`], { CONSULT_JWT_SECRET: TEST_JWT_SECRET, CONSULT_SMTP_URL: sink.url });
      expect(await run.exited).toBe(0);
      const { stdout } = run.output;
      expect(stdout).toMatch(/^e-mail: on, through smtp:\/\/127\.0\.0\.1:\d+: confirmation mails sent to secretariat@example\.org, egypt@example\.org/m);
      const sent = Number(/^e-mail: (\d+) messages accepted by smtp:\/\/127\.0\.0\.1:\d+ .*; 0 waiting for a retry, 0 given up$/m.exec(stdout)![1]);
      expect(sent).toBe(sink.received.length);
      const to = (address: string) => sink.received.filter((mail) => mail.to && 'text' in mail.to && mail.to.text === address);
      const [arabic, english] = [to('egypt@example.org'), to('secretariat@example.org')];
      expect(arabic.length).toBeGreaterThan(10);
      expect(english).toHaveLength(arabic.length);
      expect(arabic.every((mail) => /<html lang="ar" dir="rtl">/.test(String(mail.html)) && /[\u0600-\u06FF]/.test(mail.subject ?? ''))).toBe(true);
      expect(english.every((mail) => /<html lang="en" dir="ltr">/.test(String(mail.html)))).toBe(true);
      expect(english[0].subject).toMatch(/^Confirm your subscription/);
      expect(english.filter((mail) => sink.header(mail, 'List-Unsubscribe-Post') === 'List-Unsubscribe=One-Click')).toHaveLength(english.length - 1);
      const ics = /^calendar: (\S+\.ics) \((\d+) events\); served at GET \/api\/consultations\/[0-9a-f-]{36}\/calendar\.ics/m.exec(stdout)!;
      expect(ics[1]).toBe(`${dir.path}/gca.ics`);
      const calendar = new ICAL.Component(ICAL.parse(readFileSync(ics[1], 'utf8')));
      const events = calendar.getAllSubcomponents('vevent');
      expect(events).toHaveLength(Number(ics[2]));
      expect(events.map((event) => event.getFirstProperty('dtstart')!.getParameter('tzid'))).toEqual(events.map(() => 'Europe/Zurich'));
      expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Zurich');
    } finally {
      await sink.close();
      dir.remove();
    }
  });

  it('verifies every consultation of the store, and fails on a bad id', () => {
    const all = consult(['verify', '--all'], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`ok     ${id}`);
    expect(all.stdout).toMatch(/1 consultations verified, 0 failed/);
    expect(consult(['verify'], env).code).toBe(2);
    expect(consult(['verify', 'nope'], env).code).toBe(1);
  });

  it('replays the state as of a date', () => {
    const { code, stdout } = consult(['replay', id, '--at', '2021-07-01T00:00:00Z'], env);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ exists: true, state: 'furtherConsultation' });
  });

  it('exports the history as JSON lines and as CSV', () => {
    const jsonl = consult(['export', id, '--format', 'jsonl'], env);
    const events = jsonl.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events[0]).toMatchObject({ revision: 0, type: 'ConsultationLaunched' });
    const csv = consult(['export', id, '--format', 'csv'], env);
    expect(csv.stdout.split('\n')[0]).toBe('stream,revision,position,recordedAt,effectiveAt,type,actor,reason,changes,documents,workflow,id,prevHash,hash,data');
    expect(csv.stdout.trim().split('\n')).toHaveLength(events.length + 1);
    expect(consult(['export', id, '--format', 'xml'], env).code).toBe(2);
  });

  it('rebuilds the read models', () => {
    const { code, stdout } = consult(['projections', 'rebuild'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/read models rebuilt from \d+ events in [\d.]+ s \(\d+ events\/s\): consultation-summary, contributions, timeline, contribution-counts, upcoming-deadlines\n$/);
  });

  it('rebuilds one read model by name, and names the read models it knows', () => {
    const { code, stdout } = consult(['projections', 'rebuild', 'contributions'], env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/read models rebuilt from \d+ events in [\d.]+ s \(\d+ events\/s\): contributions\n$/);
    const unknown = consult(['projections', 'rebuild', 'nope'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/projections rebuild: expects one of consultation-summary, contributions/);
  });

  it('retries parked events (none here), and names the read models it knows', () => {
    const { code, stdout } = consult(['projections', 'retry'], env);
    expect({ code, stdout }).toEqual({ code: 0, stdout: '0 parked events applied, 0 still failing\n' });
    const unknown = consult(['projections', 'retry', 'nope'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/expects one of consultation-summary, contributions/);
  });

  it('prints a token the api accepts, and refuses a missing role', () => {
    const { code, stdout } = consult(['token', '--role', 'participant', '--group', 'academia', '--org', 'UNIGE']);
    expect(code).toBe(0);
    expect(tokens.callerFrom(`Bearer ${stdout.trim()}`)).toMatchObject({ role: 'participant', group: 'academia', org: 'UNIGE' });
    const missing = consult(['token']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--role/);
  });

  it('serves on --port with no secret configured, and accepts what `token` then prints', async () => {
    const dir = tempDir();
    const noSecret = { CONSULT_JWT_SECRET: '', CONSULT_SQLITE_PATH: `${dir.path}/consult.db` };
    const port = await freePort();
    const server = consultInBackground(['serve', '--port', String(port)], noSecret);
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health`, server, 60_000);
      const { stdout } = consult(['token', '--role', 'secretariat', '--name', 'CLI'], noSecret);
      const launched = await fetch(`http://127.0.0.1:${port}/api/consultations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stdout.trim()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ workflow: 'council-approval', title: { en: 'From the CLI' }, eligibleGroups: ['academia'], timezone: 'Europe/Zurich' }),
      });
      expect(launched.status).toBe(201);
      expect(server.output.stderr).toContain(`kept in ${dir.path}/jwt-secret`);
    } finally {
      await server.stop();
      dir.remove();
    }
  });

  it('explains itself, and names an unknown command', () => {
    expect(consult(['help']).stdout).toMatch(/Usage: npm run consult/);
    const unknown = consult(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  });
});
