export { PUBLIC_EVENT_TYPES, toPublicEvent } from './public-event';
export type { PublicLiveEvent } from './public-event';
