export * from './health.check';
export * from './health.controller';
export * from './health.module';
export * from './metrics.module';
export * from './metrics.service';
export * from './projection-metrics';
export * from './pino-logger.service';
export * from './startup-failure';
