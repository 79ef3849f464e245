import {
  WebhookTargetRefused, assertWebhookTarget, blockedAddressReason, type ResolvedAddress,
} from '../../libs/notifications/src/channels/webhook';

const production = { production: true };
/** A resolver for names the test invents, so no test depends on the machine's DNS but `localhost`. */
const resolvesTo = (...addresses: string[]) => async (): Promise<ResolvedAddress[]> =>
  addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(url: string, policy: Parameters<typeof assertWebhookTarget>[1]): Promise<WebhookTargetRefused> {
  const error = await assertWebhookTarget(url, policy).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WebhookTargetRefused);
  return error as WebhookTargetRefused;
}

describe('webhook target guard (SSRF)', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://10.1.2.3/hook', 'private'],
    ['http://172.20.0.1/hook', 'private'],
    ['http://192.168.1.10/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'link-local'],
    ['http://100.64.0.1/hook', 'CGNAT'],
    ['http://224.0.0.1/hook', 'multicast'],
    ['http://0.0.0.0/hook', 'unspecified'],
    ['http://[::1]/hook', 'loopback'],
    ['http://[fd00::1]/hook', 'unique-local'],
    ['http://[fe80::1]/hook', 'link-local'],
    ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['http://2130706433/hook', 'loopback'],
  ])('refuses %s in production (%s)', async (url, why) => {
    const error = await refusal(url, production);
    expect(error.message).toContain(why);
    expect(error.transient).toBe(false);
  });

  it('refuses a name that resolves to loopback (localhost, from the real resolver)', async () => {
    const error = await refusal('http://localhost:9/hook', production);
    expect(error.message).toMatch(/localhost → (127\.0\.0\.1|::1)/);
  });

  it('refuses a name when any one of its addresses is private', async () => {
    await refusal('https://hooks.example/in', { ...production, lookup: resolvesTo('93.184.216.34', '10.0.0.7') });
  });

  it('lets a public name through and pins the addresses it checked', async () => {
    const target = await assertWebhookTarget('https://hooks.example/in', { ...production, lookup: resolvesTo('93.184.216.34') });
    expect(target.addresses).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('lets a public IP literal through', async () => {
    await expect(assertWebhookTarget('https://93.184.216.34/in', production)).resolves.toMatchObject({ addresses: [{ address: '93.184.216.34' }] });
  });

  it('allows private hosts listed in CONSULT_WEBHOOK_ALLOWED_HOSTS', async () => {
    const policy = { production: true, allowedHosts: '127.0.0.1, Hooks.Local  ::1' };
    await expect(assertWebhookTarget('http://127.0.0.1:8080/hook', policy)).resolves.toMatchObject({ addresses: null });
    await expect(assertWebhookTarget('http://hooks.local./hook', { ...policy, lookup: resolvesTo('10.0.0.1') })).resolves.toBeDefined();
    await expect(assertWebhookTarget('http://[::1]:8080/hook', policy)).resolves.toBeDefined();
    await refusal('http://10.0.0.1/hook', policy);
  });

  it('allows private targets outside production', async () => {
    await expect(assertWebhookTarget('http://127.0.0.1:8080/hook', { production: false })).resolves.toBeDefined();
  });

  it.each(['ftp://hooks.example/x', 'file:///etc/passwd', 'not a url'])('refuses %s in any mode: http(s) only', async (url) => {
    await refusal(url, { production: false });
  });

  it('names the address field, so the API answers 400 about it', async () => {
    const error = await refusal('http://127.0.0.1/hook', production);
    expect(error.code).toMatch(/_INVALID$/);
    expect(error.details).toEqual([{ field: 'address', constraints: { address: expect.stringContaining('loopback') } }]);
  });

  it('reports a name that cannot be resolved as transient (a delivery tries again)', async () => {
    const lookup = async () => { throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' }); };
    const error = await refusal('https://gone.example/in', { ...production, lookup });
    expect(error.transient).toBe(true);
    expect(error.message).toContain('ENOTFOUND');
  });

  it('classifies public addresses as public', () => {
    for (const ip of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '172.32.0.1', '100.128.0.1']) expect(blockedAddressReason(ip)).toBeUndefined();
  });
});
