import type { StoredEvent } from '@consult/event-store';
import type { Projection, ReplayedState } from '../projection';
import { ReadModelSql } from '../read-model.sql';
import { ConsultationSummaryRow, searchText } from './consultation-summary.entity';

/** A summary row without its contribution count, which `ContributionSubmitted` adds to. */
export type SummaryChanges = Omit<ConsultationSummaryRow, 'contributions'>;

/** What a page of events changes in `rm_consultation_summary`, folded in memory before one write. */
export interface SummaryPage {
  /** Each consultation's last event of the page: the state it reached is the row. */
  latest: Map<string, StoredEvent>;
  /** Contributions submitted, by consultation. */
  counts: Map<string, number>;
}

/** The row a consultation event leaves: the state its replay through the workflow reached. */
export function evolveSummary(event: StoredEvent, replayed: ReplayedState): SummaryChanges {
  const { view, launch } = replayed;
  return {
    id: launch.consultationId,
    workflow: launch.workflow,
    workflowVersion: launch.version,
    title: launch.title,
    reference: launch.reference ?? null,
    search: searchText(launch.title, launch.reference),
    state: view.state,
    phase: view.phase ?? null,
    eligibleGroups: launch.eligibleGroups,
    launchedAt: launch.launchedAt,
    updatedAt: event.metadata.recordedAt,
    version: event.revision,
    nextDeadlineAt: view.nextDeadline ? new Date(view.nextDeadline.dueAt).toISOString() : null,
  };
}

const isConsultationEvent = (event: StoredEvent): boolean => event.stream.startsWith('consultation-');

/** Adds one event to the page's changes. */
function collect(page: SummaryPage, event: StoredEvent): SummaryPage {
  if (isConsultationEvent(event)) page.latest.set(event.stream, event);
  else {
    const consultationId = event.data.consultationId as string;
    page.counts.set(consultationId, (page.counts.get(consultationId) ?? 0) + 1);
  }
  return page;
}

/**
 * `rm_consultation_summary`: one row a consultation, its state from the workflow's replay
 * (the machine is the rulebook), and its contribution count, folded from `ContributionSubmitted`
 * here so that the table has one owner and rebuilds alone.
 */
export const consultationSummaryProjection: Projection = {
  name: 'consultation-summary',
  tables: [ConsultationSummaryRow],
  handles: (event) => isConsultationEvent(event) || event.type === 'ContributionSubmitted',
  async evolve(manager, events, { replay }) {
    const page = events.reduce(collect, { latest: new Map(), counts: new Map() });
    // Only a consultation's last event of the page is replayed: the replayer steps its machine through the others.
    const rows: SummaryChanges[] = [];
    for (const event of page.latest.values()) rows.push(evolveSummary(event, await replay(event)));
    const sql = new ReadModelSql(manager);
    // Rows first: a contribution counts on a consultation launched before it, perhaps in this page.
    await sql.upsert(ConsultationSummaryRow, rows as ConsultationSummaryRow[], 'version');
    await sql.incrementEach(ConsultationSummaryRow, 'contributions', page.counts);
  },
};
