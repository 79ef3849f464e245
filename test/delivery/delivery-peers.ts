import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import type { ReceivedWebhook } from '../webhook/webhook-receiver';

/** The one address a message was sent to, lower-cased. */
export function recipientOf(mail: ParsedMail): string {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return (to?.value[0]?.address ?? '').toLowerCase();
}

/** The messages the sink received for `address`, in arrival order. */
export function mailsTo(received: readonly ParsedMail[], address: string): ParsedMail[] {
  return received.filter((mail) => recipientOf(mail) === address.toLowerCase());
}

/** The first link in `text` ending in `/<action>?token=...`. */
export function linkIn(text: string, action: 'confirm' | 'unsubscribe'): string {
  const link = text.match(new RegExp(`https?://\\S+/${action}\\?token=[A-Za-z0-9_-]+`))?.[0];
  if (!link) throw new Error(`no ${action} link in:\n${text}`);
  return link;
}

/**
 * A link from a message, aimed at the api under test: the links name CONSULT_PUBLIC_URL's host,
 * which the test cannot know before the api has picked its port; path and token are kept as sent.
 */
export function atApi(link: string, baseUrl: string): string {
  const url = new URL(link);
  return `${baseUrl}${url.pathname}${url.search}`;
}

/** Standard Webhooks as a receiver checks it, with node:crypto only: the key is the base64 after `whsec_` in the 201. */
export function signedWith(request: ReceivedWebhook, secret: string): boolean {
  if (!secret.startsWith('whsec_')) return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const id = String(request.headers['webhook-id']);
  const timestamp = String(request.headers['webhook-timestamp']);
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest();
  return String(request.headers['webhook-signature']).split(' ').some((versioned) => {
    const [version, signature] = versioned.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** Arabic-Indic digits read as Latin ones (ICU may write either in Arabic). */
export const latinDigits = (text: string): string => text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
