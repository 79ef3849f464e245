import { EntityManager, In } from 'typeorm';
import type { StoredEvent } from '@consult/event-store';
import { ConsultationSummaryRow, ContributionRow } from './read-model.entities';

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

/** Folds contribution events into `rm_contribution`. */
export async function projectContribution(manager: EntityManager, event: StoredEvent): Promise<void> {
  if (event.type === 'ContributionSubmitted') {
    const data = event.data as unknown as ContributionSubmittedData;
    await manager.getRepository(ContributionRow).upsert({
      id: data.contributionId, consultationId: data.consultationId, kind: data.kind, section: data.section ?? null,
      text: data.text, language: data.language, action: data.action ?? null, target: data.target ?? null,
      reason: data.reason ?? null, authorSub: data.author.sub, authorName: data.author.name ?? null,
      authorGroup: data.author.group ?? null, authorOrg: data.author.org ?? null, submittedAt: data.submittedAt,
      published: false, publishedAt: null,
    }, ['id']);
    await manager.getRepository(ConsultationSummaryRow).increment({ id: data.consultationId }, 'contributions', 1);
  } else if (event.type === 'ContributionsPublished') {
    const ids = (event.data.contributionIds as string[]) ?? [];
    const publishedAt = (event.data.publishedAt as string) ?? event.metadata.recordedAt;
    if (ids.length > 0) await manager.getRepository(ContributionRow).update({ id: In(ids) }, { published: true, publishedAt });
  }
}
