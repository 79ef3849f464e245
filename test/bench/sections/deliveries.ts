import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import {
  DeliveryDispatcher, EmailChannel, NotificationWriter, WebhookChannel, notificationMessage, reminderContent, renderNotification,
  subscriptionTokenKey, webhookPayload, webhookSecret, type ConsultationRef, type OutgoingNotification,
} from '@consult/notifications';
import { NotificationDeliveryRow, SubscriptionRow } from '@consult/notifications/entities';
import { openReadModels } from '@consult/projections';
import { sqliteBookkeeping } from '../../../libs/notifications/src/infrastructure/bookkeeping-thread';
import { BenchConfig, Row, SchemaRegistry, log, scratchDir } from '../lib/common';
import { CountingPeer, PreparedMail, PreparedPost, postAllDirect, postAllUndici, sendMailDirect, startCountingReceiver, startCountingSmtpSink } from './delivery-peers';

type Backend = 'sqlite' | 'postgres';
type Kind = 'email' | 'webhook';

const LANGUAGES = ['en', 'fr', 'es', 'ar', 'ru', 'zh'];
const AT = '2030-03-25T22:59:00.000Z';
const MASTER = 'webhook-master-secret-for-the-delivery-bench';
const MAIL_FROM = 'Consultations <consultations@example.org>';
const CONSULTATION: ConsultationRef = {
  id: randomUUID(), title: { en: 'Guidelines on spectrum', fr: 'Lignes directrices sur le spectre' }, reference: 'CL-30/12',
  timezone: 'Europe/Zurich', eligibleGroups: ['member-state'],
};
/** nodemailer's pool defaults, which the e-mail channel keeps (5 connections, 100 messages each). */
const SMTP_POOL = { maxConnections: 5, maxMessages: 100 };
/** The dispatcher's default concurrency: deliveries in flight at once. */
const CONCURRENCY = 16;

async function open(backend: Backend, dir: string, config: BenchConfig, schemas: SchemaRegistry): Promise<DataSource> {
  return backend === 'sqlite'
    ? openReadModels({ sqlitePath: `${dir}/deliveries.db` })
    : openReadModels({ databaseUrl: config.databaseUrl, schema: schemas.reserve('bench_deliver'), sqlitePath: ':memory:' });
}

/** `count` active subscriptions of one consultation on `kind`, in six languages, written straight into `subscription`. */
async function subscribe(db: DataSource, kind: Kind, address: (i: number) => string, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(), ownerSub: `${kind}-${i}`, ownerRole: 'secretariat', ownerGroup: null, ownerOrg: null, consultationId: CONSULTATION.id,
    channel: kind, address: address(i), language: LANGUAGES[i % LANGUAGES.length], digest: 'immediate', status: 'active', fromPosition: 0,
    createdAt: '2030-01-01T00:00:00.000Z', removedAt: null, idempotencyKey: null, requestHash: null,
  }));
  for (let i = 0; i < rows.length; i += 500) await db.getRepository(SubscriptionRow).insert(rows.slice(i, i + 500));
}

const CONTENT = reminderContent({ targetKind: 'consultation-closes', targetKey: 'closes:1', targetTitle: null, targetAt: '2030-04-01T21:59:00.000Z', offset: 'P7D', late: false });

/** One reminder written by NotificationWriter (an outbox row per active subscription), not timed. */
async function remind(db: DataSource): Promise<void> {
  const input = { content: CONTENT, consultation: CONSULTATION, sourceKey: randomUUID(), occurredAt: AT };
  await db.transaction((manager) => new NotificationWriter(renderNotification).write(manager, [input], AT));
}

/** The pending deliveries as the channels would get them, rendered: what the ceilings send. */
async function pendingOutgoing(db: DataSource): Promise<OutgoingNotification[]> {
  const deliveries = await db.getRepository(NotificationDeliveryRow).findBy({ status: 'pending' });
  const subscriptions = new Map((await db.getRepository(SubscriptionRow).find()).map((s) => [s.id, s]));
  return deliveries.map((d) => {
    const s = subscriptions.get(d.subscriptionId)!;
    return {
      deliveryId: d.id, notificationId: d.notificationId, type: CONTENT.type, consultationId: CONSULTATION.id, occurredAt: AT,
      rendered: renderNotification(CONTENT, s.language, CONSULTATION),
      subscription: { id: s.id, address: s.address, language: s.language, channel: s.channel as Kind },
    };
  });
}

function preparedMails(outgoing: OutgoingNotification[], channel: EmailChannel): PreparedMail[] {
  return outgoing.map((o) => ({ from: MAIL_FROM, message: notificationMessage(o, channel.links), messageId: `<${o.deliveryId}@${channel.links.host}>` }));
}

function preparedPosts(outgoing: OutgoingNotification[]): PreparedPost[] {
  return outgoing.map((o) => {
    const body = JSON.stringify(webhookPayload(o));
    const sentAt = new Date();
    return {
      body,
      headers: {
        'webhook-id': o.deliveryId, 'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': new Webhook(webhookSecret(MASTER, o.subscription.id)).sign(o.deliveryId, sentAt, body),
        'content-type': 'application/json', 'user-agent': 'consult-webhooks/1',
      },
    };
  });
}

/** Milliseconds `work` takes, then until `peer` has accepted `count` more than before it began. */
async function timedUntilAccepted(peer: CountingPeer, count: number, work: () => Promise<unknown>): Promise<number> {
  const before = peer.accepted();
  const start = process.hrtime.bigint();
  await work();
  while (peer.accepted() - before < count) await new Promise((resolve) => setTimeout(resolve, 1));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (peer.accepted() - before !== count) throw new Error(`deliveries: the peer accepted ${peer.accepted() - before}, expected ${count}`);
  return ms;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Ours and the ceiling a round; for webhooks also the reference loop over undici (not alternated: after both). */
interface Timings { ours: number[]; ceiling: number[]; undici: number[] }

/**
 * Rounds of ours and the ceiling in turn (which goes first alternating), each round a new
 * reminder: ours is `runDue` until the peer has them all, the ceiling the same rendered
 * messages sent straight to the same peer.
 */
async function measure(db: DataSource, kind: Kind, peer: CountingPeer, count: number, rounds: number): Promise<Timings> {
  const email = new EmailChannel({ smtpUrl: peer.url, mailFrom: MAIL_FROM, publicUrl: 'https://consult.example.org', tokenKey: subscriptionTokenKey('x'.repeat(32)) });
  const webhook = new WebhookChannel({ masterSecret: MASTER, production: false });
  const dispatcher = new DeliveryDispatcher(db, kind === 'email' ? { email } : { webhook }, renderNotification);
  const timings: Timings = { ours: [], ceiling: [], undici: [] };
  try {
    for (let round = 0; round < rounds; round += 1) {
      await remind(db);
      const outgoing = await pendingOutgoing(db);
      if (outgoing.length !== count) throw new Error(`deliveries: ${outgoing.length} outbox rows for ${count} subscribers`);
      const ceilingWork = kind === 'email'
        ? ((mails: PreparedMail[]) => () => sendMailDirect(peer.url, SMTP_POOL, mails))(preparedMails(outgoing, email))
        : ((posts: PreparedPost[]) => () => postAllDirect(peer.url, posts, CONCURRENCY))(preparedPosts(outgoing));
      const runOurs = async () => {
        timings.ours.push(await timedUntilAccepted(peer, count, async () => {
          const report = await dispatcher.runDue(AT);
          if (report.accepted !== count) throw new Error(`deliveries: runDue accepted ${report.accepted} of ${count} (${JSON.stringify(report)})`);
        }));
        // SQLite: the WAL checkpoint the bookkeeping thread makes once its commits pause, done now (untimed), not beside the ceiling's run.
        if (db.options.type !== 'postgres') await sqliteBookkeeping(db).checkpoint();
      };
      const runCeiling = async () => timings.ceiling.push(await timedUntilAccepted(peer, count, ceilingWork));
      for (const run of round % 2 === 0 ? [runOurs, runCeiling] : [runCeiling, runOurs]) await run();
      if (kind === 'webhook') {
        const posts = preparedPosts(outgoing);
        timings.undici.push(await timedUntilAccepted(peer, count, () => postAllUndici(peer.url, posts, CONCURRENCY)));
      }
    }
  } finally {
    email.close();
  }
  return timings;
}

const CEILINGS: Record<Kind, string> = {
  email: 'nodemailer, pooled (5 connections), the same rendered messages straight to the same sink',
  webhook: `a bare loop of node:http POSTs, ${CONCURRENCY} at once, keep-alive agent, the same signed bodies to the same receiver (ours sends through undici; the same loop over undici is logged beside it)`,
};

function rowOf(kind: Kind, backend: Backend, count: number, t: Timings): Row {
  const [oursMs, ceilingMs] = [Math.min(...t.ours), Math.min(...t.ceiling)];
  const [oursMedianMs, ceilingMedianMs] = [median(t.ours), median(t.ceiling)];
  const ours = count / (oursMs / 1000);
  const ceiling = count / (ceilingMs / 1000);
  const undiciMs = t.undici.length > 0 ? Math.min(...t.undici) : undefined;
  const reference = undiciMs === undefined ? '' : `; reference, the same loop over undici (the channel's client): best ${undiciMs.toFixed(0)} ms, ours ${(undiciMs / oursMs).toFixed(2)}× of it, all ${t.undici.map((m) => m.toFixed(0)).join(', ')}`;
  log(`\n[deliveries] ${kind}, ${count} subscribers, ${backend}: ${oursMs.toFixed(0)} ms (ceiling ${ceilingMs.toFixed(0)} ms), ${(ours / ceiling).toFixed(2)}×; medians ${oursMedianMs.toFixed(0)} / ${ceilingMedianMs.toFixed(0)} ms, ${(ceilingMedianMs / oursMedianMs).toFixed(2)}×; all ours ${t.ours.map((m) => m.toFixed(0)).join(', ')}; all ceiling ${t.ceiling.map((m) => m.toFixed(0)).join(', ')}${reference}`);
  return {
    section: 'deliveries', test: `one reminder → ${count.toLocaleString('en-US')} ${kind === 'email' ? 'e-mails accepted by a local SMTP sink' : 'webhooks accepted by a local receiver'} (DeliveryDispatcher.runDue)`,
    backend, unit: 'msgs/s', ours, ceiling, ceilingLabel: CEILINGS[kind],
    // The outbox rows are written fully durable; the dispatcher's bookkeeping (claims, tries, new states) is not fsynced (see bookkeeping.ts).
    durability: backend === 'sqlite'
      ? 'journal_mode=WAL, synchronous=FULL; the dispatcher\'s claims and records synchronous=NORMAL'
      : 'synchronous_commit=on; the dispatcher\'s claims and records synchronous_commit=off',
    target: '≥0.7× ceiling', met: ours / ceiling >= 0.7,
    note: `best of ${t.ours.length} rounds each, in turn (which goes first alternating); ours claims ${backend === 'postgres' ? 'batches of 50 held as row locks of an open transaction in which their tries are recorded (two claimed ahead of the sends that have their slots)' : 'batches of 100 with a renewed lease (the next while one is sent)'}, renders each in its subscriber's language, sends 16 at a time${kind === 'webhook' ? ' (undici)' : ''}, records the attempts in groups (at most 100 sent and unrecorded)`,
    extra: { oursMs, ceilingMs, oursMedianMs, ceilingMedianMs, oursAllMs: t.ours, ceilingAllMs: t.ceiling, subscribers: count, ...(undiciMs === undefined ? {} : { undiciReferenceMs: undiciMs, undiciReferenceAllMs: t.undici }) },
  };
}

/** The kinds to measure: both, or those CONSULT_BENCH_DELIVERIES names (`webhook`, `email`), to look at one alone. */
function kindsToMeasure(): Kind[] {
  const asked = process.env.CONSULT_BENCH_DELIVERIES?.split(',').map((kind) => kind.trim());
  return (['email', 'webhook'] as const).filter((kind) => !asked || asked.includes(kind));
}

/** The backends to measure: both, or those CONSULT_BENCH_DELIVERY_BACKENDS names (`sqlite`, `postgres`), to look at one alone. */
function backendsToMeasure(): Backend[] {
  const asked = process.env.CONSULT_BENCH_DELIVERY_BACKENDS?.split(',').map((backend) => backend.trim());
  return (['sqlite', 'postgres'] as const).filter((backend) => !asked || asked.includes(backend));
}

/** Section: one reminder to 10,000 e-mail and 10,000 webhook subscribers, sent until the local peers accepted all, beside bare senders. */
export async function deliveriesSection(config: BenchConfig, schemas: SchemaRegistry): Promise<Row[]> {
  const count = config.quick ? 2_000 : 10_000;
  // More rounds on a shared machine (CONSULT_BENCH_DELIVERY_ROUNDS): the first pays the process's warm-up, so two give one warm sample.
  // Webhook rounds are short (1-2 s a side at 10,000, where an e-mail side takes 12-16 s), so one round is at the mercy of
  // the machine's moments (the ceiling alone ranged 1.0-2.3 s a round in session 10): the full run takes five of them.
  const asked = Number(process.env.CONSULT_BENCH_DELIVERY_ROUNDS);
  const roundsOf = (kind: Kind): number => asked || (config.quick ? 2 : kind === 'webhook' ? 5 : 3);
  const rows: Row[] = [];
  const dir = scratchDir();
  const peers: Record<Kind, CountingPeer> = { email: await startCountingSmtpSink(), webhook: await startCountingReceiver() };
  try {
    for (const backend of backendsToMeasure()) {
      for (const kind of kindsToMeasure()) {
        const db = await open(backend, `${dir.path}/${kind}`, config, schemas);
        try {
          await subscribe(db, kind, (i) => (kind === 'email' ? `p${i}@example.org` : peers.webhook.url), count);
          rows.push(rowOf(kind, backend, count, await measure(db, kind, peers[kind], count, roundsOf(kind))));
        } finally {
          await db.destroy();
        }
      }
    }
  } finally {
    await Promise.all([peers.email.close(), peers.webhook.close()]);
    dir.remove();
  }
  return rows;
}
