import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ConsultationRef, NotificationInput } from '@consult/notifications';
import { NotificationWriter } from '../../libs/notifications/src/infrastructure/notification-writer';
import { NotificationDeliveryRow, NotificationRow, SubscriptionRow } from '../../libs/notifications/src/infrastructure/notification.entities';
import { renderNotification } from '../../libs/notifications/src/templates/render';
import { BACKENDS, NotificationsBackend } from './notifications-database';

const AT = '2026-03-02T09:00:00.000Z';

function consultation(eligibleGroups: string[] = ['member-state']): ConsultationRef {
  return { id: randomUUID(), title: { en: 'Spectrum plan', fr: 'Plan du spectre' }, reference: 'CL-26/01', timezone: 'Europe/Zurich', eligibleGroups };
}

function input(ref: ConsultationRef, position?: number, sourceKey = randomUUID()): NotificationInput {
  return { content: { type: 'consultation.closed', params: { closedAt: AT } }, consultation: ref, sourceKey, position, occurredAt: AT };
}

let made = 0;
function subscription(owner: Partial<SubscriptionRow> & { ownerSub: string }, more: Partial<SubscriptionRow> = {}): SubscriptionRow {
  made += 1;
  return {
    id: randomUUID(), ownerRole: 'secretariat', ownerGroup: null, ownerOrg: null, consultationId: null, channel: 'webhook',
    address: 'https://hooks.example.org/consult', language: 'en', digest: 'immediate', status: 'active', fromPosition: 0,
    createdAt: `2026-01-01T00:00:${String(made % 60).padStart(2, '0')}.${String(made).padStart(3, '0').slice(-3)}Z`,
    removedAt: null, idempotencyKey: null, requestHash: null, ...owner, ...more,
  };
}

describe.each(BACKENDS)('notification writer on %s', (_name, backend) => {
  let setup: NotificationsBackend;
  let db: DataSource;
  const writer = new NotificationWriter(renderNotification);
  const write = (inputs: NotificationInput[]) => db.transaction((manager) => writer.write(manager, inputs, AT));
  const inApp = (sourceKey: string) => db.getRepository(NotificationRow).find({ where: { sourceKey }, order: { ownerSub: 'ASC' } });
  const outbox = async (sourceKey: string) => {
    const ids = (await inApp(sourceKey)).map((row) => row.id);
    return (await db.getRepository(NotificationDeliveryRow).find()).filter((row) => ids.includes(row.notificationId));
  };

  beforeAll(async () => {
    setup = await backend();
    db = await setup.open();
  });
  beforeEach(async () => {
    // Subscriptions to every consultation would reach the next test's notifications too.
    for (const table of [NotificationDeliveryRow, NotificationRow, SubscriptionRow]) await db.getRepository(table).clear();
  });
  afterAll(async () => {
    await db?.destroy();
    await setup?.cleanup();
  });

  it('reaches the subscribers of the consultation and of all, and only them', async () => {
    const ref = consultation();
    await db.getRepository(SubscriptionRow).save([
      subscription({ ownerSub: 'follows-it' }, { consultationId: ref.id }),
      subscription({ ownerSub: 'follows-all' }),
      subscription({ ownerSub: 'follows-another' }, { consultationId: randomUUID() }),
      subscription({ ownerSub: 'unsubscribed' }, { consultationId: ref.id, removedAt: AT }),
    ]);
    const sent = input(ref);
    await write([sent]);
    expect((await inApp(sent.sourceKey)).map((row) => row.ownerSub)).toEqual(['follows-all', 'follows-it']);
  });

  it('addresses participants only when the consultation addresses their group; the secretariat and auditors always', async () => {
    const ref = consultation(['member-state', 'academia']);
    await db.getRepository(SubscriptionRow).save([
      subscription({ ownerSub: 'state', ownerRole: 'participant', ownerGroup: 'member-state' }, { consultationId: ref.id }),
      subscription({ ownerSub: 'company', ownerRole: 'participant', ownerGroup: 'private-sector' }, { consultationId: ref.id }),
      subscription({ ownerSub: 'auditor', ownerRole: 'auditor' }, { consultationId: ref.id }),
      subscription({ ownerSub: 'secretariat', ownerRole: 'secretariat' }, { consultationId: ref.id }),
    ]);
    const sent = input(ref);
    await write([sent]);
    expect((await inApp(sent.sourceKey)).map((row) => row.ownerSub)).toEqual(['auditor', 'secretariat', 'state']);
  });

  it('leaves out subscriptions made at or after the event', async () => {
    const ref = consultation();
    await db.getRepository(SubscriptionRow).save([
      subscription({ ownerSub: 'before' }, { consultationId: ref.id, fromPosition: 9 }),
      subscription({ ownerSub: 'at' }, { consultationId: ref.id, fromPosition: 10 }),
      subscription({ ownerSub: 'after' }, { consultationId: ref.id, fromPosition: 11 }),
    ]);
    const event = input(ref, 10);
    const reminder = input(ref, undefined);
    await write([event, reminder]);
    expect((await inApp(event.sourceKey)).map((row) => row.ownerSub)).toEqual(['before']);
    expect((await inApp(reminder.sourceKey)).map((row) => row.ownerSub)).toEqual(['after', 'at', 'before']);
  });

  it('writes one in-app row a person with two subscriptions, in their first one\'s language, and one outbox row per active subscription', async () => {
    const ref = consultation();
    await db.getRepository(SubscriptionRow).save([
      subscription({ ownerSub: 'two-ways' }, { consultationId: ref.id, language: 'fr', channel: 'webhook' }),
      subscription({ ownerSub: 'two-ways' }, { channel: 'webhook', address: 'https://other.example.org/' }),
      subscription({ ownerSub: 'two-ways' }, { consultationId: ref.id, channel: 'email', address: 'a@example.org', status: 'pending' }),
    ]);
    const sent = input(ref);
    await write([sent]);
    const rows = await inApp(sent.sourceKey);
    expect(rows.map((row) => [row.ownerSub, row.language])).toEqual([['two-ways', 'fr']]);
    expect(rows[0].title).toContain('Plan du spectre');
    expect((await outbox(sent.sourceKey)).map((row) => [row.channel, row.status, row.attempts]).sort()).toEqual([['webhook', 'pending', 0], ['webhook', 'pending', 0]]);
  });

  it('creates nothing new when the same input is written again', async () => {
    const ref = consultation();
    await db.getRepository(SubscriptionRow).save([subscription({ ownerSub: 'again' }, { consultationId: ref.id })]);
    const sent = input(ref, 5);
    await write([sent]);
    await write([sent, sent]);
    expect(await inApp(sent.sourceKey)).toHaveLength(1);
    expect(await outbox(sent.sourceKey)).toHaveLength(1);
  });

  it('writes every row when there are more than one statement holds, and nothing more the second time', async () => {
    const ref = consultation();
    const many = Array.from({ length: 1_201 }, (_, i) =>
      subscription({ ownerSub: `person-${String(i).padStart(4, '0')}` }, { consultationId: ref.id, status: i % 3 === 0 ? 'pending' : 'active' }));
    for (let i = 0; i < many.length; i += 300) await db.getRepository(SubscriptionRow).insert(many.slice(i, i + 300));
    const sent = input(ref);
    expect(await write([sent])).toEqual({ notifications: 1_201, deliveries: 800 });
    await write([sent]);
    const rows = await inApp(sent.sourceKey);
    expect(rows).toHaveLength(1_201);
    expect(rows[1_200]).toMatchObject({ ownerSub: 'person-1200', sourceKey: sent.sourceKey, consultationId: ref.id, readAt: null });
    expect(await outbox(sent.sourceKey)).toHaveLength(800);
  });

  it('keeps what a reader marked read when the same input is written again', async () => {
    const ref = consultation();
    await db.getRepository(SubscriptionRow).save([subscription({ ownerSub: 'reader' }, { consultationId: ref.id })]);
    const sent = input(ref);
    await write([sent]);
    await db.getRepository(NotificationRow).update({ sourceKey: sent.sourceKey }, { readAt: AT });
    await write([sent]);
    expect((await inApp(sent.sourceKey)).map((row) => row.readAt)).toEqual([AT]);
  });
});
