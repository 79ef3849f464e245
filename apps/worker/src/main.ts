import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig, loadConfigOrExit } from '@consult/config';
import { EventStore } from '@consult/event-store';
import { PinoLoggerService, exitOnStartupFailure } from '@consult/observability';
import { WorkerModule } from './worker.module';

/** Why this configuration has no use for a worker process, if it has none. */
function noWorkFor(config: AppConfig): string | undefined {
  if (config.eventStore === 'sqlite') {
    return 'the worker needs CONSULT_EVENT_STORE=postgres: SQLite serves one process, and `npm start` runs the background work itself';
  }
  if (config.background === 'off') return 'CONSULT_BACKGROUND=off: a worker exists to run the background work; unset it for the worker';
  return undefined;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const refusal = noWorkFor(config);
  if (refusal) exitOnStartupFailure(new Error(refusal));
  const logger = PinoLoggerService.create({ level: config.logLevel, service: 'worker' });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger, abortOnError: false });
  app.enableShutdownHooks();
  const store = app.get(EventStore);
  // The background timers do not hold the event loop open; the process lives until it is signalled.
  const keepAlive = setInterval(() => undefined, 60_000);
  process.once('SIGTERM', () => clearInterval(keepAlive)).once('SIGINT', () => clearInterval(keepAlive));
  logger.log(`ready (event store: ${store.kind}, head position ${await store.headPosition()}; running deadlines, reminders, notifications and read models)`, 'Worker');
}

main().catch(exitOnStartupFailure);
