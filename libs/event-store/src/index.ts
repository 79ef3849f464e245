export * from './event-store.port';
export * from './errors';
export * from './hash-chain';
export * from './subscription';
export * from './open-event-store';
export { SqliteEventStore } from './adapters/sqlite.event-store';
