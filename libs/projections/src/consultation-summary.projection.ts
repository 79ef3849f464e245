import { EntityManager } from 'typeorm';
import type { StoredEvent } from '@consult/event-store';
import type { ConsultationView, LaunchData } from '@consult/workflows';
import { ConsultationSummaryRow } from './read-model.entities';

/** The state a consultation reached with an event, as the projector's replay sees it. */
export interface ReplayedState {
  view: ConsultationView;
  launch: LaunchData;
}

/** Folds consultation events into `rm_consultation_summary`. */
export async function projectConsultationSummary(
  manager: EntityManager, event: StoredEvent, replayed: ReplayedState,
): Promise<void> {
  const { view, launch } = replayed;
  const row: ConsultationSummaryRow = {
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
    contributions: 0,
  };
  if (event.revision === 0) {
    await manager.getRepository(ConsultationSummaryRow).upsert(row, ['id']);
    return;
  }
  const { contributions: _keep, ...changes } = row;
  await manager.getRepository(ConsultationSummaryRow).update({ id: row.id }, changes);
}
