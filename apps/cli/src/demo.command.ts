import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { TokenService } from '@consult/auth';
import { AppConfig } from '@consult/config';
import {
  Audience, DEMO_SUBSCRIBERS, DemoApi, PlayedTimeline, StepRecord, Timeline, bearerFor, calendarPath, confirmReaders, countDeliveries, formatRecord, gcaTimeline,
  runTimelines, printContextOf, saveCalendar, setDemoClock, smtpHost, wsis2019Timeline, wsis2020Timeline,
} from '@consult/demo';
import { subscriptionToken, subscriptionTokenKey } from '@consult/notifications';
import { CommandInput } from './command';
import { dashboardLines, startDemoApi, untilSignalled } from './demo.serve';

/** The seed timelines by name; their names are listed in commands.ts (DEMO_NAMES). `all` plays every one. */
const TIMELINES: Record<string, Timeline> = { gca: gcaTimeline, wsis2019: wsis2019Timeline, wsis2020: wsis2020Timeline };

/**
 * `consult demo gca|wsis2019|wsis2020|all [--serve]`: starts the api in-process on a manual clock
 * and the embedded store (a fresh `./data/demo/<name>.db`), plays the seed timeline(s) over HTTP
 * with their real dates, prints them with the notifications each step produced for two
 * subscribers (the secretariat in English, a member state in Arabic), and verifies the result as
 * an auditor would. With CONSULT_SMTP_URL the readers confirm their e-mail subscriptions and every
 * notice is mailed; the calendar is written beside the store. With --serve the api then stays up
 * (PORT, default 3000, on HOST or 127.0.0.1) and the dashboard's addresses are printed.
 */
export async function demo({ positionals, values }: CommandInput): Promise<number> {
  const name = positionals[0];
  const timelines = name === 'all' ? Object.values(TIMELINES) : [TIMELINES[name]];
  const sqlitePath = (values.data as string | undefined) ?? join('data', 'demo', `${name}.db`);
  emptyStore(sqlitePath);
  const serve = values.serve === true;
  const started = await startDemoApi(sqlitePath, serve);
  if (typeof started === 'string') {
    process.stderr.write(`consult: demo: ${started}\n`);
    return 1;
  }
  const { app, config, baseUrl } = started;
  try {
    const played = await play(timelines, { sqlitePath, baseUrl, config });
    if (!serve || !played.ok) return played.ok ? 0 : 1;
    for (const line of dashboardLines(baseUrl, played.consultations)) out(line);
    await untilSignalled();
    return 0;
  } finally {
    await app.close();
  }
}

const out = (line: string) => process.stdout.write(`${line}\n`);

function emptyStore(sqlitePath: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    rmSync(sqlitePath + suffix, { force: true });
    rmSync(sqlitePath.replace(/\.db$/, '.read-models.db') + suffix, { force: true });
  }
}

/** Verifies each consultation as an auditor would (hash chains and replay), one line each; true when all hold. */
async function verifyAll(baseUrl: string, tokens: TokenService, results: PlayedTimeline[]): Promise<boolean> {
  const auditor = tokens.sign({ sub: 'auditor:demo', role: 'auditor' } as never);
  let ok = true;
  for (const { timeline, id, records } of results) {
    const verify: any = await (await fetch(`${baseUrl}/api/consultations/${id}/verify`, { headers: { authorization: `Bearer ${auditor}` } })).json();
    const which = results.length > 1 ? ` (${timeline.name})` : '';
    out(`\nconsultation ${id}${which}: ${records.length} steps, final state ${records[records.length - 1].state}`);
    out(`audit: ${verify.ok ? 'verified' : 'FAILED'}: ${verify.events} events, hash chains and replay ${verify.ok ? 'intact' : JSON.stringify(verify.problems)}`);
    ok &&= verify.ok === true;
  }
  return ok;
}

interface Played {
  ok: boolean;
  consultations: { id: string; title: string }[];
}

/** Plays the timelines (interleaved by date when several), then prints each consultation's outcome, audit, mail and calendar. */
async function play(timelines: Timeline[], run: { sqlitePath: string; baseUrl: string; config: AppConfig }): Promise<Played> {
  const { baseUrl, config, sqlitePath } = run;
  const tokens = new TokenService(config.jwtSecret);
  const token = (claims: object) => tokens.sign(claims as never);
  const api: DemoApi = { baseUrl, secretariat: bearerFor(token)('secretariat') };
  out(`${timelines.map((t) => t.title).join('\n')}\nembedded store: ${sqlitePath}\n`);
  const steps = timelines.flatMap((t) => t.steps).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const audience = await subscribeReaders(api, steps[0].at, config, token);
  out(`${'when'.padEnd(26)} ${'state (phase)'.padEnd(28)} what happened`);
  const contexts = new Map(timelines.map((t) => [t, printContextOf(t)]));
  let last: Timeline | undefined;
  const onStep = (record: StepRecord, timeline: Timeline) => {
    if (timelines.length > 1 && timeline !== last) out(`— ${timeline.name}: ${timeline.title}`);
    last = timeline;
    out(formatRecord(record, contexts.get(timeline)));
  };
  const results = await runTimelines(timelines, { baseUrl, token, audience, onStep });
  const ok = await verifyAll(baseUrl, tokens, results);
  await reportMail(api, steps[steps.length - 1].at, config);
  for (const { timeline, id } of results) {
    await reportCalendar(api, id, sqlitePath, timelines.length > 1 ? timeline.name : undefined);
  }
  return { ok, consultations: results.map(({ timeline, id }) => ({ id, title: timeline.title })) };
}

/**
 * Subscribes the readers at the timeline's first instant (the manual clock, once set, never goes
 * back: subscriptions dated today would wait years for their confirmation mail). With e-mail on,
 * their confirmation mails go out and their links are followed, signed with the engine's key.
 */
async function subscribeReaders(api: DemoApi, start: string, config: AppConfig, token: (claims: object) => string): Promise<Audience> {
  await setDemoClock(api, start);
  const audience = await Audience.subscribe(api.baseUrl, bearerFor(token), DEMO_SUBSCRIBERS);
  const readers = DEMO_SUBSCRIBERS.map((s) => `${s.label} (${s.language})`).join(', ');
  out(`subscribed by e-mail to every consultation: ${readers}; ✉ what each one's in-app feed received`);
  if (!config.smtpUrl) {
    out('e-mail: off (CONSULT_SMTP_URL unset): to receive the mails, run a local SMTP catcher and set CONSULT_SMTP_URL=smtp://127.0.0.1:1025 (README, "The demo")\n');
    return audience;
  }
  const key = subscriptionTokenKey(config.jwtSecret);
  await confirmReaders(api, start, audience.subscriptions, (id) => subscriptionToken(key, 'confirm', id));
  const addresses = audience.subscriptions.map((s) => s.address).join(', ');
  out(`e-mail: on, through ${smtpHost(config.smtpUrl)}: confirmation mails sent to ${addresses}, their links followed (token signed with the engine's key)\n`);
  return audience;
}

/** Sends what the last step produced (the clock set to its instant again), then counts what was mailed. */
async function reportMail(api: DemoApi, lastStepAt: string, config: AppConfig): Promise<void> {
  if (!config.smtpUrl) return;
  await setDemoClock(api, lastStepAt);
  const { sent, waiting, dead } = await countDeliveries(api);
  out(`e-mail: ${sent} messages accepted by ${smtpHost(config.smtpUrl)} (confirmations and notices); ${waiting} waiting for a retry, ${dead} given up`);
}

/** Writes the consultation's iCalendar feed beside the store (`<store>-<name>.ics` when it holds several) and says where the api serves it. */
async function reportCalendar(api: DemoApi, id: string, sqlitePath: string, name?: string): Promise<void> {
  const path = `${sqlitePath.replace(/\.db$/, '')}${name ? `-${name}` : ''}.ics`;
  const events = await saveCalendar(api, id, path);
  out(`calendar: ${path} (${events} events); served at GET ${calendarPath(id)} (CONSULT_SQLITE_PATH=${sqlitePath} npm run consult -- serve)`);
}
