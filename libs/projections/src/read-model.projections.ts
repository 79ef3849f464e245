import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '@consult/event-store';
import { ReplayedState, SummaryChanges, evolveSummary } from './consultation-summary.projection';
import { CONTRIBUTION_EVENTS, evolveContributions, noContributionChanges } from './contribution.projection';
import { ConsultationSummaryRow, ContributionRow } from './read-model.entities';
import { ReadModelSql } from './read-model.sql';

/** Replays a consultation event through its workflow (given by the consultation module). */
export type Replayer = (event: StoredEvent) => Promise<ReplayedState>;

/**
 * One read model the projector feeds: the events it takes and how a run of them is
 * written. Its `name` is what a parked event is recorded under.
 */
export interface ReadModelProjection {
  readonly name: string;
  handles(event: StoredEvent): boolean;
  /** Folds `events` (in order, each one it handles) in memory and writes the result on `manager`. */
  write(manager: EntityManager, events: StoredEvent[], replay: Replayer): Promise<void>;
}

/** `rm_consultation_summary`: one row a consultation, rebuilt from its latest event. */
export const summaryProjection: ReadModelProjection = {
  name: 'consultation-summary',
  handles: (event) => event.stream.startsWith('consultation-'),
  async write(manager, events, replay) {
    // The replay follows each stream event by event (its cache advances one at a time);
    // only each consultation's latest state is written.
    const latest = new Map<string, SummaryChanges>();
    for (const event of events) latest.set(event.stream, evolveSummary(event, await replay(event)));
    await new ReadModelSql(manager).upsert(ConsultationSummaryRow, [...latest.values()] as ConsultationSummaryRow[], 'version');
  },
};

/** `rm_contribution` and the contribution count of each summary row. */
export const contributionsProjection: ReadModelProjection = {
  name: 'contributions',
  handles: (event) => CONTRIBUTION_EVENTS.includes(event.type),
  async write(manager, events) {
    const changes = noContributionChanges();
    for (const event of events) evolveContributions(changes, event);
    const sql = new ReadModelSql(manager);
    await sql.upsert(ContributionRow, [...changes.submitted.values()]);
    for (const { ids, publishedAt } of changes.published) await sql.updateWhereIdIn(ContributionRow, ids, { published: true, publishedAt });
    for (const [id, count] of changes.counts) await sql.increment(ConsultationSummaryRow, id, 'contributions', count);
  },
};

/** In the order they are written: a summary row exists before a contribution counts on it. */
export const READ_MODEL_PROJECTIONS: readonly ReadModelProjection[] = [summaryProjection, contributionsProjection];

/** The projections that take `event`. */
export const projectionsOf = (event: StoredEvent): ReadModelProjection[] => READ_MODEL_PROJECTIONS.filter((p) => p.handles(event));
