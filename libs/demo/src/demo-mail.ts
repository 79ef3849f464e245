import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmailSubscription } from './audience';

/** The running api the demo talks to, with the secretariat's bearer token. */
export interface DemoApi {
  baseUrl: string;
  secretariat: string;
}

/** How the demo's deliveries ended, from the secretariat's `GET /api/deliveries?status=`. */
export interface DeliveryCounts {
  sent: number;
  /** Due, or waiting for a retry after a refusal. */
  waiting: number;
  dead: number;
}

/** The token of a subscription's confirmation link. */
export type ConfirmToken = (subscriptionId: string) => string;

async function call(api: DemoApi, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { authorization: `Bearer ${api.secretariat}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(api.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

/** `PUT /api/clock`: moves the manual clock (never back) and does what fell due; the e-mails and webhooks it sent. */
export async function setDemoClock(api: DemoApi, at: string): Promise<number> {
  const answer = await call(api, 'PUT', '/api/clock', { now: at });
  if (answer.status !== 200) throw new Error(`setting the clock to ${at}: ${answer.status} ${answer.text}`);
  return JSON.parse(answer.text).deliveries?.accepted ?? 0;
}

/**
 * Follows each reader's confirmation link (`GET /api/subscriptions/:id/confirm?token=`), as the
 * reader would from the confirmation mail; the clock is first set to `at` again so that mail goes out.
 * The token comes from `confirmToken` (the demo runs in-process and signs it with the engine's key)
 * because the mail itself is in the user's catcher, which the demo cannot read.
 */
export async function confirmReaders(api: DemoApi, at: string, subscriptions: EmailSubscription[], confirmToken: ConfirmToken): Promise<number> {
  const sent = await setDemoClock(api, at);
  for (const { id, label } of subscriptions) {
    const response = await fetch(`${api.baseUrl}/api/subscriptions/${encodeURIComponent(id)}/confirm?token=${encodeURIComponent(confirmToken(id))}`);
    if (response.status !== 200) throw new Error(`confirming the subscription of ${label}: ${response.status} ${await response.text()}`);
  }
  return sent;
}

/** How many deliveries were sent, are still due and were given up (each status's `total`). */
export async function countDeliveries(api: DemoApi): Promise<DeliveryCounts> {
  const total = async (status: string) => {
    const answer = await call(api, 'GET', `/api/deliveries?status=${status}&limit=1`);
    if (answer.status !== 200) throw new Error(`listing the ${status} deliveries: ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text).total as number;
  };
  return { sent: await total('sent'), waiting: (await total('pending')) + (await total('failed')), dead: await total('dead') };
}

/** Fetches the consultation's iCalendar feed and writes it to `path`; the number of events in it. */
export async function saveCalendar(api: DemoApi, consultationId: string, path: string): Promise<number> {
  const answer = await call(api, 'GET', calendarPath(consultationId));
  if (answer.status !== 200) throw new Error(`fetching the calendar: ${answer.status} ${answer.text}`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, answer.text);
  return answer.text.match(/^BEGIN:VEVENT\r?$/gm)?.length ?? 0;
}

/** The route of a consultation's calendar feed. */
export const calendarPath = (consultationId: string) => `/api/consultations/${consultationId}/calendar.ics`;

/** An SMTP URL without its user and password, for printing. */
export function smtpHost(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the configured SMTP server';
  }
}
