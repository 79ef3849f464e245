import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { APP_VERSION, loadConfigOrExit } from '@consult/config';
import { edgeAdapterOptions, hardenHttp, setupOpenApi } from '@consult/http';
import { PinoLoggerService, exitOnStartupFailure } from '@consult/observability';
import { ApiModule } from './api.module';
import { completeOpenApiDocument } from './openapi';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = PinoLoggerService.create({ level: config.logLevel, service: 'api' });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), new FastifyAdapter(edgeAdapterOptions(config)), {
    logger,
    abortOnError: false,
    // The edge parses JSON bodies itself (strict UTF-8, depth, text a store can hold).
    bodyParser: false,
  });
  app.enableShutdownHooks();
  await hardenHttp(app, config);
  setupOpenApi(app, APP_VERSION, completeOpenApiDocument);
  await app.listen(config.port, config.host);
  logger.log(`listening on http://${config.host}:${config.port} (event store: ${config.eventStore})`, 'Api');
  // Where a newcomer points a browser: 0.0.0.0 is where it listens, not an address to open.
  const host = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const local = `http://${host}:${config.port}`;
  logger.log(`dashboard ${local}/ · API reference ${local}/api/docs`, 'Api');
}

main().catch(exitOnStartupFailure);
