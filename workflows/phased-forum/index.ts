export { phasedForumV1, PHASED_FORUM, PHASED_FORUM_VERSION } from './phased-forum.workflow';
export { phasedForumMachine, PHASED_FORUM_STATES, type PhasedForumState } from './phased-forum.machine';
export type { PhasedForumContext, PhaseRecord } from './phased-forum.context';
export * from './phased-forum.events';
export * from './phased-forum.launch';
export * from './commands';
export { closingTime } from './phased-forum.policy';
