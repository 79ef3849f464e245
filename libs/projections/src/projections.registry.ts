import { consultationSummaryProjection } from './consultation-summary/consultation-summary.projection';
import { contributionsProjection } from './contributions/contributions.projection';
import { timelineProjection } from './timeline/timeline.projection';
import { contributionCountsProjection } from './contribution-counts/contribution-counts.projection';
import { upcomingDeadlinesProjection } from './upcoming-deadlines/upcoming-deadlines.projection';
import type { Projection } from './projection';

/** Every read model the projector keeps; a new one is added here, in its own folder. */
export const PROJECTIONS: readonly Projection[] = [
  consultationSummaryProjection, contributionsProjection, timelineProjection, contributionCountsProjection, upcomingDeadlinesProjection,
];

/** The registered projection named `name`, if any. */
export const projectionNamed = (name: string): Projection | undefined => PROJECTIONS.find((p) => p.name === name);
