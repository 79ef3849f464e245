export * from './claims';
export * from './auth.errors';
export * from './token-verifier';
export * from './token.service';
export * from './jwks.verifier';
export * from './create-token-verifier';
