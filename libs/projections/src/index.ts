export * from './read-model.entities';
export * from './read-model.datasource';
export * from './projector';
export * from './consultation-summary.projection';
export * from './contribution.projection';
export * from './queries';
