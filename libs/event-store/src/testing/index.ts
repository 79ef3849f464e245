export * from './event-store.contract';
export * from './event-factory';
export * from '../adapters/postgres.test-database';
