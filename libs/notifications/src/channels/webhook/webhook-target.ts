import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { DomainError } from '@consult/workflows/shared';
import { blockedAddressReason } from './blocked-addresses';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Where webhooks may go: in production only to the public internet, or to the listed hosts. */
export interface WebhookTargetPolicy {
  production: boolean;
  /** CONSULT_WEBHOOK_ALLOWED_HOSTS: host names or IP literals, comma- or space-separated. */
  allowedHosts?: string | readonly string[];
  /** Resolves a name to all its addresses; `dns.lookup` unless a test gives its own. */
  lookup?: (host: string) => Promise<ResolvedAddress[]>;
}

/** A target that passed the guard; `addresses` (when checked) are the ones to connect to, so a second lookup cannot swap them. */
export interface VettedTarget {
  url: URL;
  addresses: ResolvedAddress[] | null;
}

/**
 * A webhook URL the engine will not call (HTTP 400 at subscription time, naming `address`).
 * `transient` when only the name's lookup failed: a delivery then tries again later.
 */
export class WebhookTargetRefused extends DomainError {
  readonly code = 'NOTIFICATIONS.WEBHOOK_TARGET_INVALID';
  constructor(readonly reason: string, readonly transient = false) {
    super(`address ${reason}`, [{ field: 'address', constraints: { address: reason } }]);
  }
}

/**
 * Refuses what a webhook must not call (server-side request forgery): anything but http(s)
 * and, in production, a host that is or resolves to a private, loopback, link-local,
 * unique-local, CGNAT or multicast address, unless the host is allowed by name. Checked when
 * subscribing and again before every delivery (a name can be re-pointed in between).
 */
export async function assertWebhookTarget(address: string, policy: WebhookTargetPolicy): Promise<VettedTarget> {
  const url = parseUrl(address);
  const host = normaliseHost(url.hostname);
  if (!policy.production || allowedHostsOf(policy.allowedHosts).has(host)) return { url, addresses: null };
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) as 4 | 6 }] : await resolve(host, policy);
  for (const { address: ip } of addresses) {
    const why = blockedAddressReason(ip);
    if (why) throw new WebhookTargetRefused(ip === host ? `must not be a ${why} address (${ip})` : `must not resolve to a ${why} address (${host} → ${ip})`);
  }
  return { url, addresses };
}

function parseUrl(address: string): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new WebhookTargetRefused('must be an http(s) URL for the webhook channel');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookTargetRefused('must be an http(s) URL for the webhook channel');
  return url;
}

/** `[::1]` → `::1`, `Hooks.Example.` → `hooks.example`: one spelling for comparing and resolving. */
function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function allowedHostsOf(allowed: string | readonly string[] | undefined): Set<string> {
  const entries = typeof allowed === 'string' ? allowed.split(/[\s,]+/) : (allowed ?? []);
  return new Set(entries.map(normaliseHost).filter((host) => host.length > 0));
}

async function resolve(host: string, policy: WebhookTargetPolicy): Promise<ResolvedAddress[]> {
  const lookup = policy.lookup ?? systemLookup;
  let addresses: ResolvedAddress[];
  try {
    addresses = await lookup(host);
  } catch (error) {
    throw new WebhookTargetRefused(`host ${host} cannot be resolved (${(error as NodeJS.ErrnoException).code ?? 'lookup failed'})`, true);
  }
  if (addresses.length === 0) throw new WebhookTargetRefused(`host ${host} cannot be resolved`, true);
  return addresses;
}

async function systemLookup(host: string): Promise<ResolvedAddress[]> {
  const found = await dnsLookup(host, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}
