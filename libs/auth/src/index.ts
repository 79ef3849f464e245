export * from './claims';
export * from './auth.errors';
export * from './token.service';
