import type { DataSource } from 'typeorm';
import { nextAttemptDelayMs } from '../channels/backoff';
import type { Channel, DeliveryOutcome, OutgoingNotification } from '../channels/channel';
import type { DigestItem, EmailRecipient } from '../channels/email/email-message';
import type { ConsultationRef, NotificationType, RenderedNotification, SubscriptionChannel } from '../notification.types';
import { AttemptLog, ClaimedDelivery, RecordedAttempt, claimDue, loadClaimed, postpone } from './delivery-claims';
import { NotificationContentRow, NotificationDeliveryRow, SubscriptionRow } from './notification.entities';
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
  /** How long a claim holds a delivery (real time): a dispatcher killed mid-send leaves it to another after this. */
  leaseMs: number;
  /** Deliveries claimed at once. */
  batchSize: number;
  /** Deliveries in flight at once. */
  concurrency: number;
  /** The real clock, for claims (the engine's clock, maybe manual, drives what is due). */
  realNow: () => number;
}

const DEFAULTS: DispatchSettings = { leaseMs: 60_000, batchSize: 100, concurrency: 16, realNow: Date.now };

/** Texts kept rendered (content × language): plenty for a run's batches, bounded for a long-lived process. */
const RENDERED_KEPT = 256;

/** What one run did. */
export interface DispatchReport {
  accepted: number;
  retried: number;
  dead: number;
  cancelled: number;
}

/** One batch being sent: its engine time, the run's report, and the recordings of its tries not yet kept. */
interface Batch {
  at: string;
  report: DispatchReport;
  recording: Promise<void>[];
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
  private readonly attemptLog: AttemptLog;

  constructor(
    private readonly db: DataSource,
    private readonly channels: DeliveryChannels,
    private readonly render: NotificationRenderer,
    settings: Partial<DispatchSettings> = {},
  ) {
    this.settings = { ...DEFAULTS, ...settings };
    this.attemptLog = new AttemptLog(db, this.settings.batchSize);
  }

  /** Sends what is due at `at` (engine time), batch after batch, until nothing is. */
  async runDue(at: string): Promise<DispatchReport> {
    const report: DispatchReport = { accepted: 0, retried: 0, dead: 0, cancelled: 0 };
    for (let round = 0; round < 1000; round += 1) {
      const claimed = await this.claim(at);
      if (claimed.length === 0) break;
      await this.sendAll(claimed, { at, report, recording: [] });
    }
    return report;
  }

  /** When the next delivery not yet done falls due (engine time), or null. */
  async nextDueAt(): Promise<string | null> {
    const row = await this.db.getRepository(NotificationDeliveryRow).createQueryBuilder('d')
      .select('MIN(d.nextAttemptAt)', 'next').where('d.status IN (:...due)', { due: ['pending', 'failed'] }).getRawOne<{ next: string | null }>();
    return row?.next ?? null;
  }

  private async claim(at: string): Promise<ClaimedDelivery[]> {
    const now = this.settings.realNow();
    const ids = await this.db.transaction((manager) =>
      claimDue(manager, at, new Date(now).toISOString(), new Date(now + this.settings.leaseMs).toISOString(), this.settings.batchSize));
    return loadClaimed(this.db.manager, ids, SubscriptionRow, NotificationContentRow);
  }

  /**
   * Digests wait for their hour and go one message a subscription; every other delivery on its
   * own, a subscription's in turn. A send's slot is free again once the peer answered; its try is recorded meanwhile
   * (with others', see AttemptLog), and the batch ends when all are kept.
   */
  private async sendAll(claimed: ClaimedDelivery[], batch: Batch): Promise<void> {
    const digests = new Map<string, ClaimedDelivery[]>();
    const single = new Map<string, ClaimedDelivery[]>();
    for (const delivery of claimed) {
      const daily = delivery.kind === 'notification' && delivery.digest === 'daily' && delivery.channel === 'email' && delivery.removedAt === null;
      const groups = daily ? digests : single;
      groups.set(delivery.subscriptionId, [...(groups.get(delivery.subscriptionId) ?? []), delivery]);
    }
    // One subscription's deliveries one after the other, in the order claimed, so that they arrive in order.
    const jobs: (() => Promise<void>)[] = [...single.values()].map((chain) => async () => {
      for (const delivery of chain) this.settle([delivery], await this.attempt(delivery), batch);
    });
    for (const group of digests.values()) jobs.push(() => this.sendDigest(group, batch));
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency, jobs.length) }, async () => {
      while (next < jobs.length) await jobs[next++]();
    }));
    this.attemptLog.flush();
    const failures: unknown[] = [];
    await Promise.all(batch.recording.map((kept) => kept.catch((error: unknown) => { failures.push(error); })));
    if (failures.length > 0) throw failures[0];
  }

  private async attempt(delivery: ClaimedDelivery): Promise<DeliveryOutcome | 'cancelled'> {
    if (delivery.removedAt !== null) return 'cancelled';
    const target = { id: delivery.subscriptionId, address: delivery.address, language: delivery.language };
    if (delivery.kind === 'confirmation') return this.channels.email ? this.channels.email.sendConfirmation(target) : unavailable('email');
    const channel = this.channels[delivery.channel as SubscriptionChannel];
    return channel ? channel.deliver(this.outgoing(delivery)) : unavailable(delivery.channel);
  }

  /** A daily digest of the group's notices, once its hour has come; until then they are put back. */
  private async sendDigest(group: ClaimedDelivery[], batch: Batch): Promise<void> {
    const { at } = batch;
    const due = digestDueAt(group.reduce((first, d) => (d.createdAt < first ? d.createdAt : first), group[0].createdAt));
    if (at < due) return postpone(this.db.manager, group.map((d) => d.id), due);
    const items = group.map((d) => this.outgoing(d));
    const [first] = group;
    const outcome = this.channels.email
      ? await this.channels.email.sendDigest({ id: first.subscriptionId, address: first.address, language: first.language }, items, `${first.subscriptionId}.${due.slice(0, 10)}`)
      : unavailable('email');
    this.settle(group, outcome, batch);
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
    const key = `${delivery.type}\u0000${delivery.params}\u0000${delivery.consultation}\u0000${delivery.language}`;
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
  private settle(group: ClaimedDelivery[], outcome: DeliveryOutcome | 'cancelled', { at, report, recording }: Batch): void {
    const entries = group.map((delivery) => ({ delivery, at, attempt: stateAfter(delivery, outcome, at) }));
    recording.push(this.attemptLog.record(entries).then(() => {
      for (const { attempt } of entries) {
        if (attempt.status === 'sent') report.accepted += 1;
        else if (attempt.status === 'failed') report.retried += 1;
        else if (attempt.status === 'dead') report.dead += 1;
        else report.cancelled += 1;
      }
    }));
  }
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
