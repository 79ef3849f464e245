export * from './read-freshness';
export * from './query-input';
export * from './list-consultations.query';
export * from './list-contributions.query';
export * from './contributions-exist.query';
export * from './upcoming-deadlines.query';
export * from './timeline.query';
export * from './contribution-counts.query';
