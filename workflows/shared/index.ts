/**
 * What any layer may import from the workflows without loading a machine: the error
 * base and the workflow errors (`@consult/workflows/shared`). The event store's writer
 * thread imports this, so it stays free of xstate and class-validator.
 */
export * from './errors';
