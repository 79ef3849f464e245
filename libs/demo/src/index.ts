export * from './timeline';
export * from './timeline.runner';
export * from './audience';
export * from './record.format';
export { gcaTimeline } from './gca.timeline';
export { wsis2019Timeline } from './wsis2019.timeline';
export { wsis2020Timeline } from './wsis2020.timeline';
export * from './demo-mail';
