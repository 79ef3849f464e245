import type { StoredEvent } from '@consult/event-store';
import type { Projection } from '../projection';
import { ReadModelSql } from '../read-model.sql';
import { ContributionRow } from './contribution.entity';

/** Data of `ContributionSubmitted`, as the contributions service writes it. */
export interface ContributionSubmittedData {
  contributionId: string;
  consultationId: string;
  kind: string;
  section?: string;
  text: string;
  language: string;
  action?: string;
  target?: string;
  reason?: string;
  submittedAt: string;
  author: { sub: string; name?: string; group?: string; org?: string };
}

export const CONTRIBUTION_EVENTS = ['ContributionSubmitted', 'ContributionsPublished'];

/** What a page of events changes in `rm_contribution`, folded in memory before one write. */
export interface ContributionChanges {
  submitted: Map<string, ContributionRow>;
  /** Publications of contributions submitted in earlier pages. */
  published: { ids: string[]; publishedAt: string }[];
}

export const noContributionChanges = (): ContributionChanges => ({ submitted: new Map(), published: [] });

const rowOf = (data: ContributionSubmittedData): ContributionRow => ({
  id: data.contributionId, consultationId: data.consultationId, kind: data.kind, section: data.section ?? null,
  text: data.text, language: data.language, action: data.action ?? null, target: data.target ?? null,
  reason: data.reason ?? null, authorSub: data.author.sub, authorName: data.author.name ?? null,
  authorGroup: data.author.group ?? null, authorOrg: data.author.org ?? null, submittedAt: data.submittedAt,
  published: false, publishedAt: null,
});

/** Folds one contribution event into the page's changes. */
export function evolveContributions(changes: ContributionChanges, event: StoredEvent): ContributionChanges {
  if (event.type === 'ContributionSubmitted') {
    const data = event.data as unknown as ContributionSubmittedData;
    changes.submitted.set(data.contributionId, rowOf(data));
  } else if (event.type === 'ContributionsPublished') {
    const ids = (event.data.contributionIds as string[]) ?? [];
    const publishedAt = (event.data.publishedAt as string) ?? event.metadata.recordedAt;
    for (const id of ids) {
      const pending = changes.submitted.get(id);
      if (pending) Object.assign(pending, { published: true, publishedAt });
    }
    const rest = ids.filter((id) => !changes.submitted.has(id));
    if (rest.length > 0) changes.published.push({ ids: rest, publishedAt });
  }
  return changes;
}

/** `rm_contribution`: one row a contribution, published or not. */
export const contributionsProjection: Projection = {
  name: 'contributions',
  tables: [ContributionRow],
  handles: (event) => CONTRIBUTION_EVENTS.includes(event.type),
  async evolve(manager, events) {
    const changes = events.reduce(evolveContributions, noContributionChanges());
    const sql = new ReadModelSql(manager);
    await sql.upsert(ContributionRow, [...changes.submitted.values()]);
    for (const { ids, publishedAt } of changes.published) await sql.updateWhereIdIn(ContributionRow, ids, { published: true, publishedAt });
  },
};
