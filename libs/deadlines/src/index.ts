/** Deadlines and reminders as data derived from events, and the scheduler that acts on them. */
export {};
