import { AddressInfo, isIPv6 } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { APP_VERSION, AppConfig, loadConfig } from '@consult/config';
import { edgeAdapterOptions, hardenHttp, setupOpenApi } from '@consult/http';
import { ApiModule } from '../../api/src/api.module';
import { completeOpenApiDocument } from '../../api/src/openapi';

/** The demo's api, listening, and the address it answers on. */
export interface DemoServer {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
}

/**
 * Starts the api on the demo's store and a manual clock. Played only, it listens on a port of the
 * system's choosing on the loopback; to be served, on PORT (3000) and HOST (127.0.0.1, not the
 * api's 0.0.0.0: a demo is for this machine unless asked). Answers the problem as a sentence when
 * the port is taken.
 */
export async function startDemoApi(sqlitePath: string, serve: boolean): Promise<DemoServer | string> {
  const env = process.env;
  const config = loadConfig(
    {
      ...env, CONSULT_CLOCK: 'manual', CONSULT_EVENT_STORE: 'sqlite', CONSULT_SQLITE_PATH: sqlitePath, LOG_LEVEL: 'error',
      PORT: serve ? (env.PORT ?? '3000') : '3000', HOST: serve ? (env.HOST ?? '127.0.0.1') : '127.0.0.1',
    },
    { warn: () => undefined },
  );
  const app = await createDemoApp(config);
  try {
    await app.listen(serve ? config.port : 0, config.host);
  } catch (error) {
    await app.close();
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return `port ${config.port} on ${config.host} is in use: stop what listens there, or choose another (PORT=3001 npm run consult -- demo ... --serve)`;
  }
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, config, baseUrl: `http://${reachable(config.host)}:${port}` };
}

/** An address a browser on this machine reaches the server by: the loopback for a wildcard, brackets for IPv6. */
function reachable(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return isIPv6(host) ? `[${host}]` : host;
}

/**
 * The api as `npm start` builds it (apps/api/src/main.ts): the same edge (strict bodies, CSP and
 * the other headers, rate limit, compression, CORS) and the OpenAPI pages, so the dashboard a
 * newcomer opens after `demo --serve` is the one deployed. Quiet: the demo prints its own lines.
 */
export async function createDemoApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), new FastifyAdapter(edgeAdapterOptions(config)), {
    logger: false,
    abortOnError: false,
    bodyParser: false,
  });
  await hardenHttp(app, config);
  setupOpenApi(app, APP_VERSION, completeOpenApiDocument);
  return app;
}

/** What `--serve` prints once the timelines are played: where to look, in English and in Arabic. */
export function dashboardLines(baseUrl: string, consultations: { id: string; title: string }[]): string[] {
  return [
    '',
    `dashboard: ${baseUrl}/ (Arabic, right to left: ${baseUrl}/?lang=ar)`,
    ...consultations.map(({ id, title }) => `  ${title}: ${baseUrl}/consultations/${id} (${baseUrl}/consultations/${id}?lang=ar)`),
    `api: ${baseUrl}/api/consultations · ${baseUrl}/api/docs`,
    'serving until Ctrl-C (SIGINT) or SIGTERM',
  ];
}

/** Resolves with the first of SIGINT or SIGTERM, after which the caller closes the app. */
export function untilSignalled(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
