import { In, type EntityManager } from 'typeorm';
import type { StoredEvent } from '@consult/event-store';
import type { ContributionSubmittedData } from '../contributions/contributions.projection';
import type { Projection } from '../projection';
import { ReadModelSql } from '../read-model.sql';
import { ContributionCountRow, CountedContributionRow } from './contribution-count.entity';

/** Rows one SELECT asks for by key: far below both dialects' parameter limits. */
const KEYS_PER_SELECT = 500;

/** A page's counts and counted contributions: loaded where the page touches them, then folded in memory. */
export interface CountsFold {
  /** By `countKey`. */
  counts: Map<string, ContributionCountRow>;
  /** By contribution id: those submitted in the page, and those its publications name. */
  contributions: Map<string, CountedContributionRow>;
  /** The count keys and contribution ids the page changed: only they are written. */
  touched: { counts: Set<string>; contributions: Set<string> };
}

const countKey = (row: Pick<ContributionCountRow, 'consultationId' | 'group' | 'kind' | 'section'>): string =>
  JSON.stringify([row.consultationId, row.group, row.kind, row.section]);

function countOf(fold: CountsFold, contribution: CountedContributionRow): ContributionCountRow {
  const { consultationId, group, kind, section } = contribution;
  const key = countKey(contribution);
  const row = fold.counts.get(key) ?? { consultationId, group, kind, section, submitted: 0, published: 0 };
  fold.counts.set(key, row);
  fold.touched.counts.add(key);
  return row;
}

/** Folds one contribution event into the page's counts. */
export function evolveCounts(fold: CountsFold, event: StoredEvent): CountsFold {
  if (event.type === 'ContributionSubmitted') {
    const data = event.data as unknown as ContributionSubmittedData;
    const contribution: CountedContributionRow = {
      id: data.contributionId, consultationId: data.consultationId, group: data.author.group ?? '', kind: data.kind, section: data.section ?? '', published: false,
    };
    fold.contributions.set(contribution.id, contribution);
    fold.touched.contributions.add(contribution.id);
    countOf(fold, contribution).submitted += 1;
  } else {
    // A publication may name a contribution again: it counts once.
    for (const id of (event.data.contributionIds as string[]) ?? []) {
      const contribution = fold.contributions.get(id);
      if (!contribution || contribution.published) continue;
      contribution.published = true;
      fold.touched.contributions.add(id);
      countOf(fold, contribution).published += 1;
    }
  }
  return fold;
}

/** A submission names its consultation; a publication is in the consultation's stream. */
const consultationOf = (event: StoredEvent): string =>
  event.type === 'ContributionSubmitted' ? (event.data.consultationId as string) : event.stream.slice('consultation-'.length);

/** Loads in chunks the rows of `entity` whose `column` is one of `values`. */
async function loadWhereIn<T extends object>(manager: EntityManager, entity: new () => T, column: keyof T & string, values: string[]): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < values.length; i += KEYS_PER_SELECT) {
    rows.push(...(await manager.getRepository(entity).findBy({ [column]: In(values.slice(i, i + KEYS_PER_SELECT)) } as never)));
  }
  return rows;
}

/** The stored counts of the page's consultations, and the stored contributions its publications name. */
async function loadFold(manager: EntityManager, events: StoredEvent[]): Promise<CountsFold> {
  const consultations = [...new Set(events.map(consultationOf))];
  const named = events.flatMap((event) => (event.type === 'ContributionsPublished' ? (event.data.contributionIds as string[]) ?? [] : []));
  const counts = await loadWhereIn(manager, ContributionCountRow, 'consultationId', consultations);
  const contributions = await loadWhereIn(manager, CountedContributionRow, 'id', [...new Set(named)]);
  return {
    counts: new Map(counts.map((row) => [countKey(row), row])),
    contributions: new Map(contributions.map((row) => [row.id, row])),
    touched: { counts: new Set(), contributions: new Set() },
  };
}

/**
 * `rm_contribution_count`: contributions submitted and published per consultation, by the
 * submitting participant's group, kind and section; `rm_counted_contribution` remembers
 * each contribution's group, kind and section for its publication.
 */
export const contributionCountsProjection: Projection = {
  name: 'contribution-counts',
  tables: [ContributionCountRow, CountedContributionRow],
  handles: (event) => event.type === 'ContributionSubmitted' || event.type === 'ContributionsPublished',
  async evolve(manager, events) {
    const fold = events.reduce(evolveCounts, await loadFold(manager, events));
    const sql = new ReadModelSql(manager);
    await sql.upsert(ContributionCountRow, [...fold.counts].filter(([key]) => fold.touched.counts.has(key)).map(([, row]) => row));
    await sql.upsert(CountedContributionRow, [...fold.contributions.values()].filter((row) => fold.touched.contributions.has(row.id)));
  },
};
