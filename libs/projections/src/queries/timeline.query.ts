import { IsOptional } from 'class-validator';
import { In, type DataSource } from 'typeorm';
import type { Freshness } from '../freshness';
import { ConsultationSummaryRow } from '../read-model.entities';
import { TimelineChangeRow, TimelineItemRow } from '../timeline/timeline.entity';
import { ConsultationNotListed } from './list-contributions.query';
import { MAX_OFFSET, QueryInteger } from './query-input';
import { Page, Read, ReadModelsCatchUp, catchUp } from './read-freshness';

/** `GET /api/consultations/:id/timeline` query: `limit` 1–1000 items (default 500), `offset`. */
export class TimelineRequest {
  @IsOptional() @QueryInteger(1, 1000)
  limit?: number;

  @IsOptional() @QueryInteger(0, MAX_OFFSET)
  offset?: number;
}

/** One change to an item: the values before and after, why, and when it was recorded. */
export interface TimelineChange {
  revision: number;
  change: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  reason?: string;
  automatic: boolean;
  recordedAt: string;
}

/** A milestone, meeting, round, phase or Council consideration: planned now, first planned, actual; its changes oldest first. */
export interface TimelineItem {
  key: string;
  kind: string;
  status: string;
  title?: Record<string, string>;
  plannedAt?: string;
  plannedEndsAt?: string;
  originalAt?: string;
  originalEndsAt?: string;
  actualAt?: string;
  actualEndsAt?: string;
  format?: string;
  location?: string;
  detail: Record<string, unknown>;
  changes: TimelineChange[];
}

/**
 * Throws `ConsultationNotListed` when the read models are current and do not list the
 * consultation; behind the store, one launched a moment ago may be missing yet (an empty answer then).
 */
export async function requireListed(db: DataSource, consultationId: string, freshness: Freshness): Promise<void> {
  if (freshness.fresh && !(await db.getRepository(ConsultationSummaryRow).existsBy({ id: consultationId }))) {
    throw new ConsultationNotListed(consultationId);
  }
}

/** A consultation's timeline in time order (actual, else planned), each item with its changes. */
export class TimelineQuery {
  constructor(private readonly db: DataSource, private readonly readModels: ReadModelsCatchUp) {}

  async execute(consultationId: string, request: TimelineRequest = {}): Promise<Read<Page<TimelineItem>>> {
    const freshness = await catchUp(this.readModels);
    await requireListed(this.db, consultationId, freshness);
    const [rows, total] = await this.db.getRepository(TimelineItemRow).findAndCount({
      where: { consultationId },
      order: { sortAt: 'ASC', key: 'ASC' },
      take: request.limit ?? 500,
      skip: request.offset ?? 0,
    });
    const changes = rows.length === 0 ? [] : await this.db.getRepository(TimelineChangeRow).find({
      where: { consultationId, itemKey: In(rows.map((row) => row.key)) },
      order: { revision: 'ASC', itemKey: 'ASC' },
    });
    return { value: { total, items: rows.map((row) => toItem(row, changes.filter((c) => c.itemKey === row.key))) }, freshness };
  }
}

const present = <T>(value: T | null): T | undefined => value ?? undefined;

function toItem(row: TimelineItemRow, changes: TimelineChangeRow[]): TimelineItem {
  return {
    key: row.key, kind: row.kind, status: row.status, title: present(row.title),
    plannedAt: present(row.plannedAt), plannedEndsAt: present(row.plannedEndsAt),
    originalAt: present(row.originalAt), originalEndsAt: present(row.originalEndsAt),
    actualAt: present(row.actualAt), actualEndsAt: present(row.actualEndsAt),
    format: present(row.format), location: present(row.location), detail: row.detail,
    changes: changes.map((c) => ({
      revision: c.revision, change: c.change, before: present(c.before), after: present(c.after),
      reason: present(c.reason), automatic: c.automatic, recordedAt: c.recordedAt,
    })),
  };
}
