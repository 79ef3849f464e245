import type { DataSource } from 'typeorm';
import { NotificationDeliveryRow } from '@consult/notifications';
import { TypeormSubscriptionRepository, confirmationDeliveryId } from '../../libs/notifications/src/infrastructure/typeorm-subscription.repository';
import type { SubscriptionRecord } from '../../libs/notifications/src/subscriptions/subscription.repository';
import { NotificationsBackend, postgresBackend, sqliteBackend } from './notifications-database';

const BACKENDS: [string, () => Promise<NotificationsBackend>][] = [['SQLite', sqliteBackend], ['PostgreSQL', postgresBackend]];

const record = (id: string, channel: 'email' | 'webhook', idempotencyKey: string | null = null): SubscriptionRecord => ({
  id, consultationId: null, channel, address: channel === 'email' ? 'a@example.org' : 'https://hooks.example.org/', language: 'en', digest: 'immediate',
  status: channel === 'email' ? 'pending' : 'active', createdAt: '2030-01-01T00:00:00.000Z', ownerSub: 'participant:bra', ownerRole: 'participant',
  ownerGroup: 'member-state', ownerOrg: 'BRA', fromPosition: 0, idempotencyKey, requestHash: null,
});

describe.each(BACKENDS)('subscription repository (%s): confirmation message, confirm, unsubscribe', (_name, backend) => {
  let setup: NotificationsBackend;
  let db: DataSource;
  let repository: TypeormSubscriptionRepository;
  const deliveriesOf = (subscriptionId: string) => db.getRepository(NotificationDeliveryRow).findBy({ subscriptionId });

  beforeAll(async () => {
    setup = await backend();
    db = await setup.open();
    repository = new TypeormSubscriptionRepository(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await setup?.cleanup();
  });

  it('stores a pending e-mail subscription with one confirmation message due at once; a webhook with none', async () => {
    await repository.add(record('11111111-1111-4111-8111-111111111111', 'email'));
    await repository.add(record('22222222-2222-4222-8222-222222222222', 'webhook'));
    expect(await deliveriesOf('11111111-1111-4111-8111-111111111111')).toEqual([expect.objectContaining({
      id: confirmationDeliveryId('11111111-1111-4111-8111-111111111111'), kind: 'confirmation', notificationId: '', contentId: null,
      channel: 'email', status: 'pending', attempts: 0, nextAttemptAt: '2030-01-01T00:00:00.000Z',
    })]);
    expect(await deliveriesOf('22222222-2222-4222-8222-222222222222')).toEqual([]);
  });

  it('writes no confirmation for a retry that lost to the same Idempotency-Key', async () => {
    await repository.add(record('33333333-3333-4333-8333-333333333333', 'email', 'k'));
    const kept = await repository.add(record('44444444-4444-4444-8444-444444444444', 'email', 'k'));
    expect(kept.id).toBe('33333333-3333-4333-8333-333333333333');
    expect(await deliveriesOf('44444444-4444-4444-8444-444444444444')).toEqual([]);
  });

  it('activates a live subscription only, and cancels its unsent deliveries when it is removed', async () => {
    const id = '11111111-1111-4111-8111-111111111111';
    expect(await repository.activate(id)).toBe(true);
    expect((await repository.find(id))?.status).toBe('active');
    expect(await repository.remove(id, null, '2030-01-02T00:00:00.000Z')).toBe(true);
    expect((await deliveriesOf(id)).map((d) => d.status)).toEqual(['cancelled']);
    expect(await repository.activate(id)).toBe(false);
    expect((await repository.find(id))?.removedAt).toBe('2030-01-02T00:00:00.000Z');
  });
});
