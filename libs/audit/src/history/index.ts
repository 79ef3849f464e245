export * from './changes';
export * from './history-entries';
export * from './export-format';
export * from './import-export';
