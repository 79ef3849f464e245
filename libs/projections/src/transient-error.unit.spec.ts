import { isTransient } from './transient-error';

describe('isTransient: errors a projector retries rather than parking the event', () => {
  it.each([
    ['a PostgreSQL deadlock', { code: '40P01' }],
    ['a serialisation failure (TypeORM wraps the driver error)', { driverError: { code: '40001' } }],
    ['a cancelled statement', { code: '57014' }],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['SQLite busy', { code: 'SQLITE_BUSY' }],
  ])('retries %s', (_label, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['NUL in text PostgreSQL cannot hold', { code: '22P05' }],
    ['a not-null violation', { driverError: { code: '23502' } }],
    ['a replay error', new Error('event refused in state approved')],
    ['nothing at all', undefined],
  ])('parks %s', (_label, error) => {
    expect(isTransient(error)).toBe(false);
  });
});
