import { participant } from '../../libs/demo/src/timeline';
import { Answer, clientFor } from '../support/consult-client';

/** A member-state participant who reads in Arabic: the groups a council-approval consultation addresses. */
export const EGYPT = participant('member-state', 'EGY');

/** A caller of one api. */
export type Call = ReturnType<typeof clientFor>;

/** One row of `GET /api/notifications`. */
export interface FeedItem {
  id: string;
  type: string;
  consultationId: string;
  title: string;
  body: string;
  language: string;
  createdAt: string;
  readAt: string | null;
}

/** A reminder as `PUT /api/clock` reports it. */
export interface ReportedReminder {
  id: string;
  consultationId: string;
  targetKey: string;
  offset: string;
  dueAt: string;
  late: boolean;
}

/** Fails with the answer's body when the status is not the one expected: a setup step that fails explains itself. */
export function expectStatus(answer: Answer, status: number, what: string): Answer {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

/** Launches a council-approval consultation in `timezone` with an English and an Arabic title; answers its id. */
export async function launch(call: Call, timezone: string, extra: Record<string, unknown> = {}): Promise<string> {
  const body = {
    workflow: 'council-approval', title: { en: 'Numbering plan', ar: 'خطة الترقيم' }, eligibleGroups: ['member-state'], timezone, ...extra,
  };
  return expectStatus(await call('POST', '/api/consultations', 'secretariat', body), 201, 'launch').body.id;
}

/** Subscribes the secretariat (English) and an Egyptian participant (Arabic) to the consultation. */
export async function subscribeBoth(call: Call, consultationId: string): Promise<void> {
  const hook = { consultationId, channel: 'webhook', address: 'https://hooks.example.org/consult' };
  expectStatus(await call('POST', '/api/subscriptions', 'secretariat', { ...hook, language: 'en' }), 201, 'subscribe en');
  expectStatus(await call('POST', '/api/subscriptions', EGYPT, { ...hook, language: 'ar' }), 201, 'subscribe ar');
}

/** Sends a command as the secretariat and insists it was accepted. */
export async function command(call: Call, consultationId: string, type: string, payload: Record<string, unknown>): Promise<void> {
  expectStatus(await call('POST', `/api/consultations/${consultationId}/commands`, 'secretariat', { type, payload }), 200, type);
}

/** Sets the manual clock; answers the reminders that run sent. */
export async function setClock(call: Call, now: string): Promise<ReportedReminder[]> {
  return expectStatus(await call('PUT', '/api/clock', 'secretariat', { now }), 200, `clock ${now}`).body.reminders;
}

/** The reader's feed of one type, oldest first. */
export async function feedOf(call: Call, who: Parameters<Call>[2], type: string): Promise<FeedItem[]> {
  const items: FeedItem[] = expectStatus(await call('GET', '/api/notifications?limit=100', who), 200, 'feed').body.items;
  return items.filter((item) => item.type === type).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** Arabic-Indic digits read as Latin ones: whether ICU writes `٢٣:٥٩` or `23:59` in Arabic is its choice, not ours. */
export const latinDigits = (text: string): string => text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));

/** The same instant, whatever the offset it is written with. */
export const instant = (iso: string): number => Date.parse(iso);
