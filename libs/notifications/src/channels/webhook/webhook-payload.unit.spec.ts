import type { OutgoingNotification } from '../channel';
import { WebhookBodies, webhookPayload } from './webhook-payload';

const rendered = { title: 'Reminder: "Numbering plan" closes in 7 days', body: 'Line one\nline two — ends «soon» \u2068ocm-1\u2069', language: 'en' } as OutgoingNotification['rendered'];

function notification(notificationId: string, overrides: Partial<OutgoingNotification> = {}): OutgoingNotification {
  return {
    deliveryId: 'd-1', notificationId, type: 'deadline.reminder', consultationId: 'c-1', rendered, occurredAt: '2026-05-04T08:00:00.000Z',
    subscription: { id: 's-1', address: 'https://hooks.example/x', language: 'en', channel: 'webhook' }, ...overrides,
  };
}

describe('WebhookBodies', () => {
  it('gives JSON.stringify(webhookPayload(n)) byte for byte, the shared parts laid out once per text', () => {
    const bodies = new WebhookBodies();
    const all = ['4f5a6b7c-1234-5678-9abc-def012345678', 'quote " and \\ backslash', '\u0000', 'ünïcødé'].map((id) => notification(id));
    all.push(notification('n-2', { consultationId: 'c-2' }), notification('n-3', { occurredAt: '2026-05-05T08:00:00.000Z' }), notification('n-4', { type: 'consultation.opened' }));
    for (const n of [...all, ...all]) expect(bodies.bodyOf(n)).toBe(JSON.stringify(webhookPayload(n)));
  });

  it('serialises the whole payload when a text holds the placeholder itself', () => {
    const odd = { ...rendered, body: 'x\u0000notificationId\u0000y' };
    const n = notification('n-1', { rendered: odd });
    expect(new WebhookBodies().bodyOf(n)).toBe(JSON.stringify(webhookPayload(n)));
  });
});
