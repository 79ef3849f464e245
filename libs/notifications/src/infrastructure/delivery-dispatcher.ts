import type { DataSource } from 'typeorm';
import { nextAttemptDelayMs } from '../channels/backoff';
import type { Channel, DeliveryOutcome, OutgoingNotification } from '../channels/channel';
import type { DigestItem, EmailRecipient } from '../channels/email/email-message';
import type { ConsultationRef, NotificationType, RenderedNotification, SubscriptionChannel } from '../notification.types';
import { AttemptLog, type RecordedAttempt } from './attempt-log';
import { sqliteBookkeeping } from './bookkeeping-thread';
import { ClaimedContents, LeaseClaims, type ClaimedDelivery } from './delivery-claims';
import { DispatchRun, type Claims, type JobsOf } from './dispatch-run';
import { RowLockClaims } from './postgres-claims';
import { NotificationDeliveryRow } from './notification.entities';
import type { NotificationRenderer } from './notification-writer';

/** What e-mail can do besides one notice: a subscription's confirmation and a daily digest. */
export interface EmailSender extends Channel {
  sendConfirmation(subscription: EmailRecipient): Promise<DeliveryOutcome>;
  sendDigest(subscription: EmailRecipient, notifications: readonly DigestItem[], digestId: string): Promise<DeliveryOutcome>;
}

/** The channels this process can send through (e-mail only when CONSULT_SMTP_URL is set). */
export interface DeliveryChannels {
  email?: EmailSender;
  webhook?: Channel;
}

/** How the dispatcher works; defaults suit a server. */
export interface DispatchSettings {
  /**
   * How long a claim holds a delivery (real time), renewed while it is being sent: a dispatcher
   * hung mid-send leaves it to another after this (on PostgreSQL, the idle timeout of the claim's
   * transaction; a killed one leaves it at once there, on SQLite after this).
   */
  leaseMs: number;
  /** Deliveries claimed at once (the next batch is claimed while this one is sent); on PostgreSQL at most half of `unrecordedMax`. */
  batchSize: number;
  /** Deliveries in flight at once. */
  concurrency: number;
  /** Sends started and not yet recorded, at most: what a dispatcher killed mid-run leaves to be sent again. */
  unrecordedMax: number;
  /** The real clock, for claims (the engine's clock, maybe manual, drives what is due). */
  realNow: () => number;
}

const DEFAULTS: DispatchSettings = { leaseMs: 60_000, batchSize: 100, concurrency: 16, unrecordedMax: 100, realNow: Date.now };

/** Texts kept rendered (content × language): plenty for a run's batches, bounded for a long-lived process. */
const RENDERED_KEPT = 256;

/** What one run did. */
export interface DispatchReport {
  accepted: number;
  retried: number;
  dead: number;
  cancelled: number;
}

/** A daily digest goes out at the next midnight (UTC) after its first notice. */
export function digestDueAt(createdAt: string): string {
  const day = new Date(createdAt);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1)).toISOString();
}

/**
 * Sends the outbox: claims due deliveries (several dispatchers share it on PostgreSQL), puts each
 * into its subscriber's language, hands it to its channel and records the outcome: sent; failed
 * and due again after the backoff (on the engine's clock); dead after the last try or a permanent
 * refusal; cancelled when the subscription was removed. A delivery stops at its first accepted try.
 */
export class DeliveryDispatcher {
  private readonly settings: DispatchSettings;
  private readonly rendered = new Map<string, { consultation: ConsultationRef; rendered: RenderedNotification }>();
  private readonly attemptLog: AttemptLog | undefined;
  private readonly contents = new ClaimedContents();

  constructor(
    private readonly db: DataSource,
    private readonly channels: DeliveryChannels,
    private readonly render: NotificationRenderer,
    settings: Partial<DispatchSettings> = {},
  ) {
    this.settings = { ...DEFAULTS, ...settings };
    // PostgreSQL records a batch's tries in the transaction that holds it (postgres-claims.ts); SQLite in groups.
    if (db.options.type !== 'postgres') {
      const threaded = sqliteBookkeeping(db).threaded;
      this.attemptLog = threaded
        ? new AttemptLog(db, recordGroupSize(threaded, this.settings), RECORD_WRITERS)
        : new AttemptLog(db, recordGroupSize(threaded, this.settings));
      // Started now, so that the first run finds it ready (until then its statements run on this thread).
      sqliteBookkeeping(db).start();
    }
  }

  /** Sends what is due at `at` (engine time), batch after batch (each claimed while the one before is sent), until nothing is. */
  async runDue(at: string): Promise<DispatchReport> {
    const report: DispatchReport = { accepted: 0, retried: 0, dead: 0, cancelled: 0 };
    await new DispatchRun(this.claims(), this.settings, at).run((batch, run) => this.jobsOf(batch, run, report));
    return report;
  }

  /** A run's claims: row locks on PostgreSQL, leases on SQLite. */
  private claims(): Claims {
    return this.attemptLog
      ? new LeaseClaims(this.db, this.settings, this.attemptLog, this.contents)
      : new RowLockClaims(this.db, this.settings, this.contents);
  }

  /** When the next delivery not yet done falls due (engine time), or null. */
  async nextDueAt(): Promise<string | null> {
    const row = await this.db.getRepository(NotificationDeliveryRow).createQueryBuilder('d')
      .select('MIN(d.nextAttemptAt)', 'next').where('d.status IN (:...due)', { due: ['pending', 'failed'] }).getRawOne<{ next: string | null }>();
    return row?.next ?? null;
  }

  /**
   * The jobs of a batch, keyed by subscription (a key's jobs run in turn, across batches too, so a
   * subscriber's notices arrive in the order claimed): one per delivery, or one for a daily
   * digest, sent as one message once its hour has come. Each send waits for a slot among the
   * sends not yet recorded; its try is recorded with others' (see AttemptLog).
   */
  private jobsOf(claimed: ClaimedDelivery[], run: DispatchRun, report: DispatchReport): ReturnType<JobsOf> {
    const digests = new Map<string, ClaimedDelivery[]>();
    // A job per delivery, not per subscription: the run claims the next batch once few enough jobs wait, which must
    // count deliveries (with a job per subscription, a run with two subscribers claimed the whole outbox ahead).
    const jobs: ReturnType<JobsOf> = [];
    for (const delivery of claimed) {
      const key = delivery.subscriptionId;
      const daily = delivery.kind === 'notification' && delivery.digest === 'daily' && delivery.channel === 'email' && delivery.removedAt === null;
      if (daily) digests.set(key, [...(digests.get(key) ?? []), delivery]);
      else {
        jobs.push({
          key,
          ids: [delivery.id],
          job: async () => {
            if (!(await run.slot([delivery.id]))) return;
            this.settle([delivery], await this.attempt(delivery), run, report);
          },
        });
      }
    }
    for (const [key, group] of digests) jobs.push({ key, ids: group.map((d) => d.id), job: () => this.sendDigest(group, run, report) });
    return jobs;
  }

  private async attempt(delivery: ClaimedDelivery): Promise<DeliveryOutcome | 'cancelled'> {
    if (delivery.removedAt !== null) return 'cancelled';
    const target = { id: delivery.subscriptionId, address: delivery.address, language: delivery.language };
    if (delivery.kind === 'confirmation') return this.channels.email ? this.channels.email.sendConfirmation(target) : unavailable('email');
    const channel = this.channels[delivery.channel as SubscriptionChannel];
    return channel ? channel.deliver(this.outgoing(delivery)) : unavailable(delivery.channel);
  }

  /** A daily digest of the group's notices, once its hour has come; until then they are put back. */
  private async sendDigest(group: ClaimedDelivery[], run: DispatchRun, report: DispatchReport): Promise<void> {
    const { at } = run;
    const due = digestDueAt(group.reduce((first, d) => (d.createdAt < first ? d.createdAt : first), group[0].createdAt));
    if (!(await run.slot(group.map((d) => d.id)))) return;
    if (at < due) return run.putBack(group.map((d) => d.id), due);
    const items = group.map((d) => this.outgoing(d));
    const [first] = group;
    const outcome = this.channels.email
      ? await this.channels.email.sendDigest({ id: first.subscriptionId, address: first.address, language: first.language }, items, `${first.subscriptionId}.${due.slice(0, 10)}`)
      : unavailable('email');
    this.settle(group, outcome, run, report);
  }

  private outgoing(delivery: ClaimedDelivery): OutgoingNotification {
    const { consultation, rendered } = this.words(delivery);
    return {
      deliveryId: delivery.id, notificationId: delivery.notificationId, type: delivery.type as NotificationType,
      consultationId: delivery.consultationId ?? consultation.id, rendered,
      subscription: { id: delivery.subscriptionId, address: delivery.address, language: delivery.language, channel: delivery.channel as SubscriptionChannel },
      occurredAt: delivery.occurredAt ?? delivery.createdAt,
    };
  }

  /**
   * The delivery's words in its subscriber's language. One reminder to 10,000 subscribers is one
   * content in a handful of languages: each is rendered once (the last few kept).
   */
  private words(delivery: ClaimedDelivery): { consultation: ConsultationRef; rendered: RenderedNotification } {
    // By content id when there is one: a short key, not the content's texts hashed for every delivery.
    const key = delivery.contentId !== null
      ? `${delivery.contentId}\u0000${delivery.language}`
      : `${delivery.type}\u0000${delivery.params}\u0000${delivery.consultation}\u0000${delivery.language}`;
    let words = this.rendered.get(key);
    if (!words) {
      const consultation = JSON.parse(delivery.consultation ?? '{}') as ConsultationRef;
      const content = { type: delivery.type as NotificationType, params: JSON.parse(delivery.params ?? '{}') };
      words = { consultation, rendered: this.render(content, delivery.language, consultation) };
      this.rendered.set(key, words);
      if (this.rendered.size > RENDERED_KEPT) this.rendered.delete(this.rendered.keys().next().value!);
    }
    return words;
  }

  /** Has the outcome recorded for each delivery of the group (one, or a digest's), counted in the report once kept. */
  private settle(group: ClaimedDelivery[], outcome: DeliveryOutcome | 'cancelled', run: DispatchRun, report: DispatchReport): void {
    const { at } = run;
    const entries = group.map((delivery) => ({ delivery, at, attempt: stateAfter(delivery, outcome, at) }));
    run.record(entries, () => {
      for (const { attempt } of entries) {
        if (attempt.status === 'sent') report.accepted += 1;
        else if (attempt.status === 'failed') report.retried += 1;
        else if (attempt.status === 'dead') report.dead += 1;
        else report.cancelled += 1;
      }
    });
  }
}

/** Groups of tries written at once on SQLite's bookkeeping thread (each its own transaction, queued there). */
const RECORD_WRITERS = 4;

/**
 * Tries a recording waits for, on SQLite. The bookkeeping thread commits without blocking this
 * thread (`overlapping`): a share of the unrecorded sends, so that some groups
 * commit while the next gathers. On the DataSource's own SQLite connection (a database in
 * memory) the commit blocks the thread, so nothing gathers meanwhile: as many as the sends in
 * flight leave room for.
 */
function recordGroupSize(overlapping: boolean, { unrecordedMax, concurrency }: DispatchSettings): number {
  return Math.max(1, overlapping ? Math.floor(unrecordedMax / RECORD_WRITERS) : unrecordedMax - concurrency);
}

function unavailable(channel: string): DeliveryOutcome {
  return { status: 'retry', error: channel === 'email' ? 'e-mail is not configured (CONSULT_SMTP_URL is not set)' : `no ${channel} channel in this process` };
}

/** The delivery's new state after `outcome`. */
function stateAfter(delivery: ClaimedDelivery, outcome: DeliveryOutcome | 'cancelled', at: string): RecordedAttempt {
  if (outcome === 'cancelled') return { outcome: 'failed-permanently', status: 'cancelled', error: 'the subscription was removed' };
  if (outcome.status === 'accepted') return { outcome: 'accepted', status: 'sent' };
  if (outcome.status === 'failed-permanently') return { outcome: outcome.status, status: 'dead', error: outcome.error };
  const wait = nextAttemptDelayMs(delivery.attempts + 1, outcome.retryAfterMs);
  if (wait === null) return { outcome: 'retry', status: 'dead', error: outcome.error };
  return { outcome: 'retry', status: 'failed', error: outcome.error, nextAttemptAt: new Date(Date.parse(at) + wait).toISOString() };
}
