import { Webhook } from 'standardwebhooks';
import { WebhookTargetRefused, signWebhook, webhookKey, webhookSecret } from '../../libs/notifications/src/channels/webhook';
import { WebhookKeys } from '../../libs/notifications/src/channels/webhook/webhook-signing';
import { VettedTargets } from '../../libs/notifications/src/channels/webhook/webhook-target-cache';

describe('webhook signing with node:crypto and cached keys', () => {
  // The Standard Webhooks reference vector (standard-webhooks/standard-webhooks, libraries' tests).
  it('signs as the Standard Webhooks test vector says', () => {
    const key = webhookKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(signWebhook(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('gives what standardwebhooks gives for a derived secret, and the same key for a subscription every time', () => {
    const keys = new WebhookKeys('master');
    const secret = webhookSecret('master', 'sub-1');
    const body = JSON.stringify({ type: 'deadline.reminder', data: { title: 'Clôture — 締め切り' } });
    expect(signWebhook(keys.keyOf('sub-1'), 'd-1', 1700000000, body)).toBe(new Webhook(secret).sign('d-1', new Date(1700000000_000), body));
    expect(keys.keyOf('sub-1')).toBe(keys.keyOf('sub-1'));
    expect(keys.keyOf('sub-2').equals(keys.keyOf('sub-1'))).toBe(false);
  });
});

describe('the SSRF verdicts kept for a while', () => {
  const production = { production: true };

  it('resolves a name once within the TTL, pins the checked addresses, and re-checks after it (a re-pointed name is refused)', async () => {
    let now = 0;
    let answer = '93.184.216.34';
    const lookups: string[] = [];
    const lookup = async (host: string) => { lookups.push(host); return [{ address: answer, family: 4 as const }]; };
    const targets = new VettedTargets({ ...production, lookup }, 60_000, () => now);
    const first = await targets.vet('https://hooks.example/in');
    now = 59_000;
    const second = await targets.vet('https://hooks.example/in');
    expect(lookups).toEqual(['hooks.example']);
    expect(second).toBe(first);
    expect(first.addresses).toEqual([{ address: '93.184.216.34', family: 4 }]);
    answer = '10.0.0.7';
    now = 61_000;
    await expect(targets.vet('https://hooks.example/in')).rejects.toBeInstanceOf(WebhookTargetRefused);
    expect(lookups).toHaveLength(2);
  });

  it('does not keep a failed lookup: the next try resolves afresh', async () => {
    let fail = true;
    const lookup = async () => {
      if (fail) throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
      return [{ address: '93.184.216.34', family: 4 as const }];
    };
    const targets = new VettedTargets({ ...production, lookup }, 60_000);
    await expect(targets.vet('https://gone.example/in')).rejects.toMatchObject({ transient: true });
    fail = false;
    await expect(targets.vet('https://gone.example/in')).resolves.toMatchObject({ addresses: [{ address: '93.184.216.34', family: 4 }] });
  });
});
