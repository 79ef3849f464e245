export * from './calendar.model';
export * from './calendar.render';
