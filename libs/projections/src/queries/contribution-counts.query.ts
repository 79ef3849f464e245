import type { DataSource } from 'typeorm';
import { ContributionCountRow } from '../contribution-counts/contribution-count.entity';
import { Read, ReadModelsCatchUp, catchUp } from './read-freshness';
import { requireListed } from './timeline.query';

/** Contributions submitted and, of them, published. */
export interface Tally {
  submitted: number;
  published: number;
}

/** One group, kind and section's tally; `group` and `section` are '' where there was none. */
export interface ContributionCount extends Tally {
  group: string;
  kind: string;
  section: string;
}

/** A consultation's contributions counted as a whole, by group, by kind, by section, and by all three. */
export interface ContributionCounts {
  total: number;
  published: number;
  byGroup: Record<string, Tally>;
  byKind: Record<string, Tally>;
  bySection: Record<string, Tally>;
  rows: ContributionCount[];
}

function tallyBy(rows: ContributionCount[], key: (row: ContributionCount) => string): Record<string, Tally> {
  const tallies: Record<string, Tally> = {};
  for (const row of rows) {
    const tally = (tallies[key(row)] ??= { submitted: 0, published: 0 });
    tally.submitted += row.submitted;
    tally.published += row.published;
  }
  return tallies;
}

/**
 * How many contributions a consultation has, by the submitting participant's group, kind and
 * section. The rows are bounded (groups × kinds × the draft's sections): no paging.
 */
export class ContributionCountsQuery {
  constructor(private readonly db: DataSource, private readonly readModels: ReadModelsCatchUp) {}

  async execute(consultationId: string): Promise<Read<ContributionCounts>> {
    const freshness = await catchUp(this.readModels);
    await requireListed(this.db, consultationId, freshness);
    const stored = await this.db.getRepository(ContributionCountRow).find({
      where: { consultationId }, order: { group: 'ASC', kind: 'ASC', section: 'ASC' },
    });
    const rows = stored.map(({ group, kind, section, submitted, published }) => ({ group, kind, section, submitted, published }));
    return {
      value: {
        total: rows.reduce((sum, row) => sum + row.submitted, 0),
        published: rows.reduce((sum, row) => sum + row.published, 0),
        byGroup: tallyBy(rows, (row) => row.group),
        byKind: tallyBy(rows, (row) => row.kind),
        bySection: tallyBy(rows, (row) => row.section),
        rows,
      },
      freshness,
    };
  }
}
