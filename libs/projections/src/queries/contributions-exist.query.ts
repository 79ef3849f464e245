import { In, type DataSource } from 'typeorm';
import { ContributionRow } from '../read-model.entities';
import { Read, ReadModelsCatchUp, catchUp } from './read-freshness';

/**
 * Ids asked for in one `IN (…)`: far below SQLite's 32,766 bound variables and
 * PostgreSQL's 65,535 parameters, whatever the list a command brings.
 */
export const IN_CHUNK = 500;

/** Which of `contributionIds` are not contributions to the consultation (in the read models). */
export class ContributionsExistQuery {
  constructor(private readonly db: DataSource, private readonly readModels: ReadModelsCatchUp) {}

  async execute(consultationId: string, contributionIds: readonly string[]): Promise<Read<{ unknown: string[] }>> {
    const freshness = await catchUp(this.readModels);
    const wanted = [...new Set(contributionIds)];
    const known = new Set<string>();
    for (let start = 0; start < wanted.length; start += IN_CHUNK) {
      const rows = await this.db.getRepository(ContributionRow).find({
        select: { id: true },
        where: { consultationId, id: In(wanted.slice(start, start + IN_CHUNK)) },
      });
      for (const row of rows) known.add(row.id);
    }
    return { value: { unknown: wanted.filter((id) => !known.has(id)) }, freshness };
  }
}
