import { rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService } from '@consult/auth';
import { AppConfig, loadConfig } from '@consult/config';
import {
  Audience, DEMO_SUBSCRIBERS, DemoApi, Timeline, bearerFor, calendarPath, confirmReaders, countDeliveries, formatRecord, gcaTimeline,
  runTimeline, printContextOf, saveCalendar, setDemoClock, smtpHost, wsis2019Timeline, wsis2020Timeline,
} from '@consult/demo';
import { subscriptionToken, subscriptionTokenKey } from '@consult/notifications';
import { ApiModule } from '../../api/src/api.module';
import { CommandInput } from './command';

/** The seed timelines by name; their names are listed in commands.ts (DEMO_NAMES). */
const TIMELINES: Record<string, Timeline> = { gca: gcaTimeline, wsis2019: wsis2019Timeline, wsis2020: wsis2020Timeline };

/**
 * `consult demo gca|wsis2019|wsis2020`: starts the api in-process on a manual clock and
 * the embedded store (a fresh `./data/demo/<name>.db`), plays the seed timeline over
 * HTTP with its real dates, prints it with the notifications each step produced for two
 * subscribers (the secretariat in English, a member state in Arabic), and verifies the
 * result as an auditor would. With CONSULT_SMTP_URL the readers confirm their e-mail
 * subscriptions and every notice is mailed; the calendar is written beside the store.
 */
export async function demo({ positionals, values }: CommandInput): Promise<number> {
  const timeline = TIMELINES[positionals[0]];
  const sqlitePath = (values.data as string | undefined) ?? join('data', 'demo', `${timeline.name}.db`);
  for (const suffix of ['', '-wal', '-shm']) {
    rmSync(sqlitePath + suffix, { force: true });
    rmSync(sqlitePath.replace(/\.db$/, '.read-models.db') + suffix, { force: true });
  }
  const config = loadConfig(
    { ...process.env, CONSULT_CLOCK: 'manual', CONSULT_EVENT_STORE: 'sqlite', CONSULT_SQLITE_PATH: sqlitePath, PORT: '3000', LOG_LEVEL: 'error' },
    { warn: () => undefined },
  );
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const tokens = new TokenService(config.jwtSecret);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    out(`${timeline.title}\nembedded store: ${sqlitePath}\n`);
    const token = (claims: object) => tokens.sign(claims as never);
    const api: DemoApi = { baseUrl, secretariat: bearerFor(token)('secretariat') };
    const audience = await subscribeReaders(api, timeline, config, token, out);
    out(`${'when'.padEnd(26)} ${'state (phase)'.padEnd(28)} what happened`);
    const context = printContextOf(timeline);
    const { id, records } = await runTimeline(timeline, { baseUrl, token, audience, onStep: (record) => out(formatRecord(record, context)) });
    const auditor = tokens.sign({ sub: 'auditor:demo', role: 'auditor' } as never);
    const verify: any = await (await fetch(`${baseUrl}/api/consultations/${id}/verify`, { headers: { authorization: `Bearer ${auditor}` } })).json();
    out(`\nconsultation ${id}: ${records.length} steps, final state ${records[records.length - 1].state}`);
    out(`audit: ${verify.ok ? 'verified' : 'FAILED'}: ${verify.events} events, hash chains and replay ${verify.ok ? 'intact' : JSON.stringify(verify.problems)}`);
    await reportMail(api, timeline, config, out);
    await reportCalendar(api, id, sqlitePath, out);
    return verify.ok ? 0 : 1;
  } finally {
    await app.close();
  }
}

type Out = (line: string) => void;

/**
 * Subscribes the readers at the timeline's first instant (the manual clock, once set, never goes
 * back: subscriptions dated today would wait years for their confirmation mail). With e-mail on,
 * their confirmation mails go out and their links are followed, signed with the engine's key.
 */
async function subscribeReaders(api: DemoApi, timeline: Timeline, config: AppConfig, token: (claims: object) => string, out: Out): Promise<Audience> {
  const start = timeline.steps[0].at;
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
async function reportMail(api: DemoApi, timeline: Timeline, config: AppConfig, out: Out): Promise<void> {
  if (!config.smtpUrl) return;
  await setDemoClock(api, timeline.steps[timeline.steps.length - 1].at);
  const { sent, waiting, dead } = await countDeliveries(api);
  out(`e-mail: ${sent} messages accepted by ${smtpHost(config.smtpUrl)} (confirmations and notices); ${waiting} waiting for a retry, ${dead} given up`);
}

/** Writes the consultation's iCalendar feed beside the store and says where the api serves it. */
async function reportCalendar(api: DemoApi, id: string, sqlitePath: string, out: Out): Promise<void> {
  const path = sqlitePath.replace(/\.db$/, '') + '.ics';
  const events = await saveCalendar(api, id, path);
  out(`calendar: ${path} (${events} events); served at GET ${calendarPath(id)} (CONSULT_SQLITE_PATH=${sqlitePath} npm run consult -- serve)`);
}
