import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Caller } from '@consult/auth';
import { ManualClock } from '@consult/clock';
import { ConsultationCache, ConsultationsService, RequestContext, consultationReplayer } from '@consult/consultation';
import { PROJECTIONS, Projector } from '@consult/projections';
import { NotificationWriter } from '../../libs/notifications/src/infrastructure/notification-writer';
import { NotificationDeliveryRow, NotificationRow } from '../../libs/notifications/src/infrastructure/notification.entities';
import { TypeormSubscriptionRepository } from '../../libs/notifications/src/infrastructure/typeorm-subscription.repository';
import { notificationsReactor } from '../../libs/notifications/src/notifications.reactor';
import { SubscriptionsService } from '../../libs/notifications/src/subscriptions/subscriptions.service';
import { renderNotification } from '../../libs/notifications/src/templates/render';
import { BACKENDS, NotificationsBackend } from './notifications-database';

const SECRETARIAT: Caller = { kind: 'token', sub: 'sec-1', role: 'secretariat' };
const STATE: Caller = { kind: 'token', sub: 'bra', role: 'participant', group: 'member-state', org: 'BRA' };
const COMPANY: Caller = { kind: 'token', sub: 'acme', role: 'participant', group: 'private-sector', org: 'ACME' };
const ctx: RequestContext = { caller: SECRETARIAT, correlationId: 'c', causationId: 'c' };

describe.each(BACKENDS)('notifications reactor on %s', (_name, backend) => {
  let setup: NotificationsBackend;
  let db: DataSource;
  let consultations: ConsultationsService;
  let subscriptions: SubscriptionsService;
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const projectors: Projector[] = [];
  const reactor = notificationsReactor(new NotificationWriter(renderNotification));

  /** A reactor's own projector, as a process runs it. */
  async function running(): Promise<Projector> {
    const projector = new Projector(setup.store, db, consultationReplayer(setup.store), () => undefined, 1000, [reactor]);
    projectors.push(projector);
    await projector.start();
    return projector;
  }

  const feedOf = (sub: string, consultationId: string) =>
    db.getRepository(NotificationRow).find({ where: { ownerSub: sub, consultationId }, order: { createdAt: 'ASC', type: 'ASC' } });

  beforeAll(async () => {
    setup = await backend();
    db = await setup.open();
    const cache = new ConsultationCache(setup.store);
    consultations = new ConsultationsService(setup.store, clock, cache);
    subscriptions = new SubscriptionsService({
      repository: new TypeormSubscriptionRepository(db),
      consultationMustExist: async (id) => void (await cache.load(id)),
      headPosition: () => setup.store.headPosition(),
      vetWebhookTarget: async () => undefined,
      webhookSecret: (id) => `whsec_${id}`,
      now: () => clock.now(),
      newId: randomUUID,
    });
  });
  afterAll(async () => {
    projectors.forEach((projector) => projector.stop());
    await db?.destroy();
    await setup?.cleanup();
  });

  async function launched(): Promise<string> {
    const { id } = await consultations.launch({ workflow: 'council-approval', title: { en: 'Numbering plan', fr: 'Plan de numérotage' }, eligibleGroups: ['member-state'], timezone: 'Europe/Zurich' }, ctx);
    return id;
  }

  it('tells subscribers what happened after they subscribed, in their language, and participants only of consultations for their group', async () => {
    const projector = await running();
    const id = await launched();
    await subscriptions.subscribe(STATE, { consultationId: id, channel: 'webhook', address: 'https://bra.example.org/hook', language: 'fr' });
    await subscriptions.subscribe(COMPANY, { consultationId: id, channel: 'email', address: 'ops@acme.example', language: 'en' });
    await consultations.execute(id, { type: 'publishDraft', payload: { documentRef: 'C26/1', version: '1' } }, ctx);
    await consultations.execute(id, { type: 'openConsultation', payload: { closesAt: '2026-04-01T21:59:00Z' } }, ctx);
    await projector.catchUp();
    const feed = await feedOf('bra', id);
    expect(feed.map((row) => row.type).sort()).toEqual(['consultation.opened', 'draft.published']);
    expect(feed.every((row) => row.language === 'fr' && row.title.includes('Plan de numérotage'))).toBe(true);
    expect(await feedOf('acme', id)).toEqual([]);
  });

  it('creates nothing again when another projector (a restart, a second process) sees the same events', async () => {
    const first = await running();
    const id = await launched();
    await subscriptions.subscribe(SECRETARIAT, { consultationId: id, channel: 'webhook', address: 'https://sec.example.org/hook', language: 'en' });
    await consultations.execute(id, { type: 'publishDraft', payload: { documentRef: 'C26/2', version: '1' } }, ctx);
    await first.catchUp();
    const before = (await feedOf('sec-1', id)).map((row) => row.id);
    // Its checkpoint taken back to the start: the same events are turned into notifications once more.
    await db.query(`UPDATE ${db.getMetadata('CheckpointRow').tablePath.split('.').map((p) => `"${p}"`).join('.')} SET position = 0 WHERE name = 'notifications'`);
    first.stop();
    await (await running()).catchUp();
    expect((await feedOf('sec-1', id)).map((row) => row.id)).toEqual(before);
    expect(before).toHaveLength(1);
    const outbox = await db.getRepository(NotificationDeliveryRow).findBy({ notificationId: before[0] });
    expect(outbox).toHaveLength(1);
  });

  it('is not one of the read models a rebuild empties', async () => {
    expect(PROJECTIONS.map((projection) => projection.name)).not.toContain(reactor.name);
    expect(reactor.tables).toEqual([]);
  });
});
