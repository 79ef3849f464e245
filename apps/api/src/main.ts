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
}

main().catch(exitOnStartupFailure);
