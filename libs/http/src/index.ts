export * from './api-exception.filter';
export * from './error-pages';
export * from './error-response';
export * from './error-status.table';
export * from './request-validation.error';
export * from './validation.pipe';
export * from './open-api';
export * from './edge';
