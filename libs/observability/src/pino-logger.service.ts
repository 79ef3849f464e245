import pino, { Logger, LevelWithSilent } from 'pino';
import type { LoggerService } from '@nestjs/common';

/** Options of `PinoLoggerService.create`. */
export interface PinoLoggerOptions {
  /** pino level (`LOG_LEVEL`): fatal, error, warn, info, debug, trace, silent. */
  level?: string;
  /** Which process is logging (`api`, `worker`), added to every line. */
  service?: string;
  /** Where the JSON lines go; stdout by default. */
  destination?: pino.DestinationStream;
}

/** Nest's logger, written as pino JSON lines (one object per line, ISO time). */
export class PinoLoggerService implements LoggerService {
  constructor(readonly pino: Logger) {}

  static create(options: PinoLoggerOptions = {}): PinoLoggerService {
    const logger = pino(
      {
        level: (options.level ?? process.env.LOG_LEVEL ?? 'info') as LevelWithSilent,
        base: { service: options.service ?? 'consult', pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
      },
      options.destination ?? pino.destination({ fd: 1, sync: true }),
    );
    return new PinoLoggerService(logger);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest calls `error(message, stack?, context?)`. */
  error(message: unknown, ...params: unknown[]): void {
    const rest = [...params];
    const context = rest.length >= 2 || (rest.length === 1 && !looksLikeStack(rest[0])) ? popContext(rest) : undefined;
    const stack = typeof rest[0] === 'string' && looksLikeStack(rest[0]) ? rest[0] : undefined;
    const fields: Record<string, unknown> = { context };
    if (stack) fields.stack = stack;
    if (message instanceof Error) {
      this.pino.error({ ...fields, err: message }, message.message);
    } else {
      this.pino.error(fields, stringify(message));
    }
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = popContext(rest);
    if (message instanceof Error) this.pino[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ context, ...message });
    else this.pino[level]({ context }, stringify(message));
  }
}

function popContext(params: unknown[]): string | undefined {
  return typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
}

function looksLikeStack(value: unknown): boolean {
  return typeof value === 'string' && /\n\s+at /.test(value);
}

function stringify(message: unknown): string {
  return typeof message === 'string' ? message : String(message);
}
