import type { DataSource, EntityManager } from 'typeorm';
import { NotificationContentRow, NotificationDeliveryRow } from './notification.entities';
import { deliverySql, slices } from './delivery-sql';
import type { AttemptEntry, AttemptLog } from './attempt-log';
import { sqliteBookkeeping } from './bookkeeping-thread';
import type { Claims, RunSettings } from './dispatch-run';
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

/**
 * Claims held as leases written into the rows (`claimedUntil`), on SQLite, which serves one
 * process: a claim is a read and an update in one transaction (sqlite-bookkeeping.ts, on the
 * bookkeeping thread), renewed by the heartbeat while its deliveries are still held; tries are
 * recorded in groups by the AttemptLog. A dispatcher that died leaves its claims to another
 * once their lease lapses.
 */
export class LeaseClaims implements Claims {
  readonly batchSize: number;
  private claims: HeldClaim[] = [];
  private renewing = false;
  private readonly held = new Map<string, HeldClaim>();

  constructor(
    private readonly db: DataSource,
    private readonly settings: RunSettings,
    private readonly log: AttemptLog,
    private readonly contents: ClaimedContents,
  ) {
    this.batchSize = settings.batchSize;
  }

  room(): Promise<void> {
    return Promise.resolve();
  }

  started(): void {}

  async claim(at: string): Promise<ClaimedDelivery[]> {
    const now = this.settings.realNow();
    const until = new Date(now + this.settings.leaseMs).toISOString();
    // Claims are bookkeeping: committed without waiting for the disk (see bookkeeping.ts; a lost claim only lets the delivery be claimed again).
    const rows = await sqliteBookkeeping(this.db).claim({ at, nowIso: new Date(now).toISOString(), until, limit: this.batchSize });
    const batch = await this.contents.join(this.db.manager, rows);
    if (batch.length > 0) {
      const claim = { until, ids: new Set(batch.map((d) => d.id)) };
      this.claims.push(claim);
      for (const id of claim.ids) this.held.set(id, claim);
    }
    return batch;
  }

  record(entries: readonly AttemptEntry[]): Promise<void> {
    return this.log.record(entries).finally(() => this.release(entries.map((e) => e.delivery.id)));
  }

  putBack(ids: readonly string[], nextAttemptAt: string): Promise<void> {
    return postpone(this.db.manager, ids, nextAttemptAt).finally(() => this.release(ids));
  }

  holds(): boolean {
    return true;
  }

  done(): void {}

  flush(): void {
    this.log.flush();
  }

  /** Claims still holding deliveries are extended by a lease from now. */
  async heartbeat(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    try {
      this.claims = this.claims.filter((c) => c.ids.size > 0);
      for (const claim of [...this.claims]) {
        const until = new Date(this.settings.realNow() + this.settings.leaseMs).toISOString();
        await renewClaim(this.db, [...claim.ids], claim.until, until);
        claim.until = until;
      }
    } finally {
      this.renewing = false;
    }
  }

  private release(ids: readonly string[]): void {
    for (const id of ids) this.held.get(id)?.ids.delete(id);
    for (const id of ids) this.held.delete(id);
  }
}

/** One lease of a run: when it lapses, and its deliveries not yet recorded. */
interface HeldClaim {
  until: string;
  ids: Set<string>;
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
