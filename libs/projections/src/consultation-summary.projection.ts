import type { StoredEvent } from '@consult/event-store';
import type { ConsultationSummary, LaunchData } from '@consult/workflows';
import { ConsultationSummaryRow } from './read-model.entities';

/**
 * The state a consultation reached with an event, as the projector's replay sees it:
 * the workflow's `summary` (or its whole `view`, which includes it).
 */
export interface ReplayedState {
  view: ConsultationSummary;
  launch: LaunchData;
}

/** A summary row without its contribution count, which the contribution fold keeps. */
export type SummaryChanges = Omit<ConsultationSummaryRow, 'contributions'>;

/** Folds a consultation event into its `rm_consultation_summary` row (the latest one wins). */
export function evolveSummary(event: StoredEvent, replayed: ReplayedState): SummaryChanges {
  const { view, launch } = replayed;
  return {
    id: launch.consultationId,
    workflow: launch.workflow,
    workflowVersion: launch.version,
    title: launch.title,
    reference: launch.reference ?? null,
    state: view.state,
    phase: view.phase ?? null,
    eligibleGroups: launch.eligibleGroups,
    launchedAt: launch.launchedAt,
    updatedAt: event.metadata.recordedAt,
    version: event.revision,
    nextDeadlineAt: view.nextDeadline ? new Date(view.nextDeadline.dueAt).toISOString() : null,
  };
}
