export * from './html';
export * from './report-labels';
export * from './audit-report';
export * from './audit-report.stylesheet';
