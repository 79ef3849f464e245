import { rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { TokenService } from '@consult/auth';
import { loadConfig } from '@consult/config';
import {
  Audience, DEMO_SUBSCRIBERS, Timeline, bearerFor, formatRecord, gcaTimeline, runTimeline, printContextOf, wsis2019Timeline, wsis2020Timeline,
} from '@consult/demo';
import { ApiModule } from '../../api/src/api.module';
import { CommandInput } from './command';

/** The seed timelines by name; their names are listed in commands.ts (DEMO_NAMES). */
const TIMELINES: Record<string, Timeline> = { gca: gcaTimeline, wsis2019: wsis2019Timeline, wsis2020: wsis2020Timeline };

/**
 * `consult demo gca|wsis2019|wsis2020`: starts the api in-process on a manual clock and
 * the embedded store (a fresh `./data/demo/<name>.db`), plays the seed timeline over
 * HTTP with its real dates, prints it with the notifications each step produced for two
 * subscribers (the secretariat in English, a member state in Arabic), and verifies the
 * result as an auditor would.
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
    const audience = await Audience.subscribe(baseUrl, bearerFor(token), DEMO_SUBSCRIBERS);
    out(`subscribed to every consultation: ${DEMO_SUBSCRIBERS.map((s) => `${s.label} (${s.language})`).join(', ')}; ✉ what each one's feed received\n`);
    out(`${'when'.padEnd(26)} ${'state (phase)'.padEnd(28)} what happened`);
    const context = printContextOf(timeline);
    const { id, records } = await runTimeline(timeline, { baseUrl, token, audience, onStep: (record) => out(formatRecord(record, context)) });
    const auditor = tokens.sign({ sub: 'auditor:demo', role: 'auditor' } as never);
    const verify: any = await (await fetch(`${baseUrl}/api/consultations/${id}/verify`, { headers: { authorization: `Bearer ${auditor}` } })).json();
    out(`\nconsultation ${id}: ${records.length} steps, final state ${records[records.length - 1].state}`);
    out(`audit: ${verify.ok ? 'verified' : 'FAILED'}: ${verify.events} events, hash chains and replay ${verify.ok ? 'intact' : JSON.stringify(verify.problems)}`);
    return verify.ok ? 0 : 1;
  } finally {
    await app.close();
  }
}
