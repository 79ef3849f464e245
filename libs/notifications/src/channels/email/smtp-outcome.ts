import type { DeliveryOutcome } from '../channel';

/** Errors about our own set-up, not the recipient: worth retrying once someone fixes the config. */
const OWN_SIDE = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ECONFIG']);
/** Envelope errors without an SMTP reply mean the address itself is unusable. */
const MALFORMED = new Set(['EENVELOPE', 'EMAXRECIPIENTS']);

/**
 * What a failed SMTP send means for the delivery: a 4xx reply (greylisting, a full mailbox,
 * "try again later") and network failures are retried; a 5xx reply (no such user, refused)
 * fails for good, as RFC 5321 says the same transaction will fail again.
 */
export function smtpOutcome(error: unknown): DeliveryOutcome {
  const { code, responseCode, message } = error as { code?: unknown; responseCode?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  if (typeof code === 'string' && OWN_SIDE.has(code)) return { status: 'retry', error: text };
  if (typeof responseCode === 'number') {
    if (responseCode >= 500) return { status: 'failed-permanently', error: text };
    return { status: 'retry', error: text };
  }
  if (typeof code === 'string' && MALFORMED.has(code)) return { status: 'failed-permanently', error: text };
  return { status: 'retry', error: text };
}
