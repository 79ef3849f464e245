import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@consult/config';
import { EventStore } from '@consult/event-store';
import { PinoLoggerService, exitOnStartupFailure } from '@consult/observability';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = PinoLoggerService.create({ level: config.logLevel, service: 'worker' });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger, abortOnError: false });
  app.enableShutdownHooks();
  const store = app.get(EventStore);
  // No reactor holds the event loop open yet; keep the process up until it is signalled.
  const keepAlive = setInterval(() => undefined, 60_000);
  process.once('SIGTERM', () => clearInterval(keepAlive)).once('SIGINT', () => clearInterval(keepAlive));
  logger.log(`ready (event store: ${store.kind}, head position ${await store.headPosition()}; no reactors yet)`, 'Worker');
}

main().catch(exitOnStartupFailure);
