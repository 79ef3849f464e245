import type { StoredEvent } from '@consult/event-store';
import { ContributionRow } from './read-model.entities';

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
  counts: Map<string, number>;
}

export const noContributionChanges = (): ContributionChanges => ({ submitted: new Map(), published: [], counts: new Map() });

/** Folds one contribution event into the page's changes. */
export function evolveContributions(changes: ContributionChanges, event: StoredEvent): void {
  if (event.type === 'ContributionSubmitted') {
    const data = event.data as unknown as ContributionSubmittedData;
    changes.submitted.set(data.contributionId, {
      id: data.contributionId, consultationId: data.consultationId, kind: data.kind, section: data.section ?? null,
      text: data.text, language: data.language, action: data.action ?? null, target: data.target ?? null,
      reason: data.reason ?? null, authorSub: data.author.sub, authorName: data.author.name ?? null,
      authorGroup: data.author.group ?? null, authorOrg: data.author.org ?? null, submittedAt: data.submittedAt,
      published: false, publishedAt: null,
    });
    changes.counts.set(data.consultationId, (changes.counts.get(data.consultationId) ?? 0) + 1);
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
}
