/** The background work: what falls due on the clock (reminders, deadlines) and the notifications it makes. */
export * from './background-work';
export * from './nest/background.module';
export * from './nest/checkpoint-notices';
