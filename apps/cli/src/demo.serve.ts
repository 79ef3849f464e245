import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { APP_VERSION, AppConfig } from '@consult/config';
import { edgeAdapterOptions, hardenHttp, setupOpenApi } from '@consult/http';
import { ApiModule } from '../../api/src/api.module';
import { completeOpenApiDocument } from '../../api/src/openapi';

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
