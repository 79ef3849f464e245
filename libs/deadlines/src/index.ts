/** Deadlines and reminders as data derived from events, and the scheduler that acts on them. */
export * from './reminder-targets';
export * from './reminder-times';
export * from './reminders';
export * from './deadline-scheduler';
export * from './infrastructure/deadline.entity';
export * from './infrastructure/reminder.entity';
export * from './infrastructure/reminder-sent.entity';
export * from './infrastructure/reminder-scheduler';
