export * from './app-config';
export * from './app-version';
export * from './config.error';
export * from './config.module';
export * from './env-names';
export * from './load-config';
export * from './load-config-or-exit';
