import { Writable } from 'node:stream';
import { PinoLoggerService } from './pino-logger.service';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: PinoLoggerService.create({ level, service: 'test', destination }) };
}

describe('PinoLoggerService', () => {
  it('writes one JSON object a line with level, time, service and Nest context', () => {
    const { lines, logger } = capture();
    logger.log('listening', 'Bootstrap');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'listening', context: 'Bootstrap', service: 'test' });
    expect(typeof lines[0].time).toBe('string');
  });

  it('keeps the stack of an error apart from its context', () => {
    const { lines, logger } = capture();
    const stack = new Error('boom').stack;
    logger.error('request failed', stack, 'HTTP');
    expect(lines[0]).toMatchObject({ level: 50, msg: 'request failed', context: 'HTTP', stack });
  });

  it('treats a lone string after an error message as its context', () => {
    const { lines, logger } = capture();
    logger.error('failed', 'ExceptionHandler');
    expect(lines[0]).toMatchObject({ msg: 'failed', context: 'ExceptionHandler' });
    expect(lines[0].stack).toBeUndefined();
  });

  it('honours the level', () => {
    const { lines, logger } = capture('warn');
    logger.log('hidden');
    logger.debug('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  it('maps Nest verbose to pino trace', () => {
    const { lines, logger } = capture('trace');
    logger.verbose('details');
    expect(lines[0]).toMatchObject({ level: 10, msg: 'details' });
  });
});
