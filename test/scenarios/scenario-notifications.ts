import { Audience, HeardNotification, Subscriber, bearerFor, participant } from '../../libs/demo/src';
import { tokens } from '../support/consult-client';

/** The readers the scenarios subscribe before any launch: the secretariat (en), a member state (ar), and a group `outsiderGroup`. */
export function scenarioSubscribers(outsiderGroup: string): { secretariat: Subscriber; memberState: Subscriber; outsider: Subscriber } {
  return {
    secretariat: { label: 'secretariat', who: 'secretariat', language: 'en' },
    memberState: { label: 'Egypt', who: participant('member-state', 'EGY', 'Egypt'), language: 'ar' },
    outsider: { label: 'outsider', who: participant(outsiderGroup, 'OUT', 'Outsider'), language: 'en' },
  };
}

/** Subscribes them over the api, with the tokens the spawned api accepts. */
export function subscribeAll(baseUrl: string, subscribers: Subscriber[]): Promise<Audience> {
  return Audience.subscribe(baseUrl, bearerFor((claims) => tokens.sign(claims as never)), subscribers);
}

/** A subscriber's notifications of one consultation, oldest first. */
export async function feedOf(audience: Audience, subscriber: Subscriber, consultationId: string): Promise<Omit<HeardNotification, 'subscriber'>[]> {
  return (await audience.feed(subscriber)).filter((n) => n.consultationId === consultationId);
}

/** An instant in one spelling (UTC), to compare instants written with any offset. */
export const instant = (iso: string): string => new Date(iso).toISOString();

/** `[when (UTC), type]` of each notification: the course of a consultation as its readers heard it. */
export const course = (items: { createdAt: string; type: string }[]): [string, string][] => items.map((n) => [instant(n.createdAt), n.type]);

/** Expected `[when, type]` rows written with the seed's local offsets. */
export const expectedCourse = (rows: [string, string][]): [string, string][] => rows.map(([when, type]) => [instant(when), type]);

/** Arabic script, to tell a text put into Arabic from one left in English. */
export const ARABIC = /[\u0600-\u06FF]/;
