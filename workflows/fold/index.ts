export { type FoldedState, asSnapshot, foldEvent, foldLaunch, foldable } from './machine-fold';
