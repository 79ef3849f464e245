export * from './timeline';
export * from './timeline.runner';
export { gcaTimeline } from './gca.timeline';
export { wsis2019Timeline } from './wsis2019.timeline';
export { wsis2020Timeline } from './wsis2020.timeline';
