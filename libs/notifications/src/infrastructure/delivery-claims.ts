import type { DataSource, EntityManager } from 'typeorm';
import { NotificationContentRow, NotificationDeliveryRow, SubscriptionRow } from './notification.entities';
import { deliverySql, slices } from './delivery-sql';
import { relaxedPostgres, type PostgresQuery } from './bookkeeping';
import { sqliteBookkeeping } from './bookkeeping-thread';
import type { ClaimedRow } from './sqlite-bookkeeping';

/** A claimed delivery with what sending it needs: its subscription and its content. */
export interface ClaimedDelivery {
  id: string;
  notificationId: string;
  kind: string;
  channel: string;
  attempts: number;
  createdAt: string;
  subscriptionId: string;
  address: string;
  language: string;
  digest: string;
  removedAt: string | null;
  /** Its `notification_content` row (null for a confirmation): the fields below come from it. */
  contentId: string | null;
  type: string | null;
  consultationId: string | null;
  params: string | null;
  consultation: string | null;
  occurredAt: string | null;
}

/** One claim: the deliveries taken, due at `at` (engine time), held until `until` (real time, ISO). */
export interface ClaimRequest {
  at: string;
  nowIso: string;
  until: string;
  limit: number;
}

/** What a delivery's content row gives it. */
export type ClaimedContent = Pick<ClaimedDelivery, 'type' | 'consultationId' | 'params' | 'consultation' | 'occurredAt'>;

/** Contents kept read (one reminder to 10,000 subscribers is one content): plenty for a run, bounded for a long-lived process. */
const CONTENTS_KEPT = 256;

/** The columns a claimed row is read from: `d` the delivery, `s` its subscription. */
function claimedColumns(manager: EntityManager): string {
  const { name } = deliverySql(manager);
  const col = (alias: string, column: string) => `${alias}.${name(column)} AS ${name(column)}`;
  return [
    col('d', 'id'), col('d', 'notificationId'), col('d', 'kind'), col('d', 'channel'), col('d', 'attempts'), col('d', 'createdAt'),
    col('d', 'subscriptionId'), col('d', 'contentId'), col('s', 'address'), col('s', 'language'), col('s', 'digest'), col('s', 'removedAt'),
  ].join(', ');
}

/**
 * Contents read once and kept by id: a batch's hundreds of deliveries of one reminder share one
 * content, so its texts (JSON of the parameters and the consultation) are not read, and
 * allocated, once a row.
 */
export class ClaimedContents {
  private readonly kept = new Map<string, ClaimedContent>();

  /** The rows with their contents, reading those not kept yet. */
  async join(manager: EntityManager, rows: readonly ClaimedRow[]): Promise<ClaimedDelivery[]> {
    const missing = [...new Set(rows.map((row) => row.contentId).filter((id): id is string => id !== null && !this.kept.has(id)))];
    for (const ids of slices(missing, 500)) {
      const { name, table, list } = deliverySql(manager);
      const found: (ClaimedContent & { id: string })[] = await manager.query(
        `SELECT ${['id', 'type', 'consultationId', 'params', 'consultation', 'occurredAt'].map(name).join(', ')} FROM ${table(NotificationContentRow)} ` +
        `WHERE ${name('id')} IN (${list(1, ids.length)})`,
        ids,
      );
      for (const { id, ...content } of found) this.keep(id, content);
    }
    const none: ClaimedContent = { type: null, consultationId: null, params: null, consultation: null, occurredAt: null };
    // Written out, not spread: two spreads a row were a measurable share of a claim's CPU.
    return rows.map((row) => {
      const c = (row.contentId !== null && this.kept.get(row.contentId)) || none;
      return {
        id: row.id, notificationId: row.notificationId, kind: row.kind, channel: row.channel, attempts: Number(row.attempts), createdAt: row.createdAt,
        subscriptionId: row.subscriptionId, address: row.address, language: row.language, digest: row.digest, removedAt: row.removedAt, contentId: row.contentId,
        type: c.type, consultationId: c.consultationId, params: c.params, consultation: c.consultation, occurredAt: c.occurredAt,
      };
    });
  }

  private keep(id: string, content: ClaimedContent): void {
    this.kept.set(id, content);
    if (this.kept.size > CONTENTS_KEPT) this.kept.delete(this.kept.keys().next().value!);
  }
}

/** The due deliveries no live claim holds, oldest due first: `d` the delivery table. */
function claimable(manager: EntityManager): string {
  const { name, param } = deliverySql(manager);
  return `d.${name('status')} IN ('pending', 'failed') AND d.${name('nextAttemptAt')} <= ${param(1)} ` +
    `AND (d.${name('claimedUntil')} IS NULL OR d.${name('claimedUntil')} < ${param(2)})`;
}

/**
 * Claims up to `limit` due deliveries that no live claim holds, until `until`, and reads them
 * with their subscriptions and contents (see ClaimedContents), oldest due first (one subscriber's notices are sent in
 * that order). On PostgreSQL one statement (one round trip, its own transaction) that skips rows
 * another dispatcher is claiming (`FOR UPDATE SKIP LOCKED`), so several processes share the
 * outbox; on SQLite, which serves one process, a read and an update in one transaction (sqlite-bookkeeping.ts).
 */
export async function claimBatch(db: DataSource, request: ClaimRequest, contents: ClaimedContents): Promise<ClaimedDelivery[]> {
  // Claims are bookkeeping: committed without waiting for the disk (see bookkeeping.ts; a lost claim only lets the delivery be claimed again).
  const rows = db.options.type === 'postgres'
    ? await claimOnPostgres(db.manager, relaxedPostgres(db), request)
    : await sqliteBookkeeping(db).claim(request);
  return contents.join(db.manager, rows);
}

async function claimOnPostgres(manager: EntityManager, query: PostgresQuery, { at, nowIso, until, limit }: ClaimRequest): Promise<ClaimedRow[]> {
  const { name, table } = deliverySql(manager);
  const [d, s] = [table(NotificationDeliveryRow), table(SubscriptionRow)];
  // `ranked` keeps the order the rows were picked in (row_number over a materialised CTE), which the join would lose;
  // the rows are updated by their physical address (ctid), locked since they were picked: no scan to find them again.
  return query(
    `WITH picked AS MATERIALIZED (SELECT d.${name('id')}, d.ctid AS tid FROM ${d} d WHERE ${claimable(manager)} ` +
    `ORDER BY d.${name('nextAttemptAt')} LIMIT ${limit} FOR UPDATE SKIP LOCKED), ` +
    `ranked AS MATERIALIZED (SELECT ${name('id')}, row_number() OVER () AS rank FROM picked), ` +
    `claimed AS (UPDATE ${d} t SET ${name('claimedUntil')} = $3 WHERE t.ctid = ANY(ARRAY(SELECT tid FROM picked)) RETURNING t.*) ` +
    `SELECT ${claimedColumns(manager)} FROM claimed d JOIN ranked r ON r.${name('id')} = d.${name('id')} ` +
    `JOIN ${s} s ON s.${name('id')} = d.${name('subscriptionId')} ORDER BY r.rank`,
    [at, nowIso, until],
  );
}

/**
 * Extends a live claim from `from` to `until` (a heartbeat while its deliveries are still being
 * sent). Only rows still held by that very claim are touched: one recorded meanwhile, or taken
 * by another dispatcher after the claim lapsed, is left alone.
 */
export async function renewClaim(db: DataSource, ids: readonly string[], from: string, until: string): Promise<void> {
  const { name, table, param, list } = deliverySql(db.manager);
  for (const part of slices(ids, 500)) {
    await db.query(
      `UPDATE ${table(NotificationDeliveryRow)} SET ${name('claimedUntil')} = ${param(1)} WHERE ${name('claimedUntil')} = ${param(2)} ` +
      `AND ${name('id')} IN (${list(3, part.length)})`,
      [until, from, ...part],
    );
  }
}

/** Puts a claimed delivery back, untried, to be due at `nextAttemptAt` (a digest's hour). */
export async function postpone(manager: EntityManager, ids: readonly string[], nextAttemptAt: string): Promise<void> {
  if (ids.length === 0) return;
  const { name, table, param, list } = deliverySql(manager);
  await manager.query(
    `UPDATE ${table(NotificationDeliveryRow)} SET ${name('nextAttemptAt')} = ${param(1)}, ${name('claimedUntil')} = NULL WHERE ${name('id')} IN (${list(2, ids.length)})`,
    [nextAttemptAt, ...ids],
  );
}
