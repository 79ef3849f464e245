import { DateTime } from 'luxon';
import type { HeardNotification } from './audience';
import type { Timeline } from './timeline';
import type { StepRecord } from './timeline.runner';

const WHEN = 26;
const WHERE = 28;
const INDENT = ' '.repeat(WHEN + 1);

/** What printing a timeline's records needs of its launch: the zone its dates are in, its title in each language. */
export interface PrintContext {
  zone: string;
  /** Left out of notification texts, where every one repeats it: the header names the consultation. */
  titles: string[];
}

/** Types whose body is the news (what moved, when, why): printed under the title. */
const NEWS_IN_BODY = ['deadline.reminder', 'deadline.changed', 'meeting.rescheduled', 'meeting.format-changed', 'council.postponed'];

/** The print context of a timeline, from its launch step. */
export function printContextOf(timeline: Timeline): PrintContext {
  const launch = timeline.steps.find((step) => step.kind === 'launch');
  const body = launch?.kind === 'launch' ? launch.body : {};
  const titles = Object.values((body.title ?? {}) as Record<string, string>).sort((a, b) => b.length - a.length);
  return { zone: typeof body.timezone === 'string' ? body.timezone : 'UTC', titles };
}

/**
 * One line per step: date, state (phase), what happened, what the engine answered. Before it,
 * what its clock move did (deadlines fired, reminders sent), each instant on its own line; under
 * each line, indented, the notifications it produced, one line a reader: type, language, title.
 */
export function formatRecord(record: StepRecord, context: PrintContext = { zone: 'UTC', titles: [] }): string {
  const heard = (n: HeardNotification) => notificationLines(n, context.titles);
  const stepAt = Date.parse(record.step.at);
  const earlier = record.notifications.filter((n) => Date.parse(n.createdAt) < stepAt);
  const lines: string[] = [];
  for (const instant of [...new Set([...record.fired.map((f) => Date.parse(f.dueAt)), ...earlier.map((n) => Date.parse(n.createdAt))])].sort((a, b) => a - b)) {
    const fired = record.fired.filter((f) => Date.parse(f.dueAt) === instant);
    const when = local(instant, context.zone);
    if (fired.length === 0) lines.push(`${when.padEnd(WHEN)} ${'(clock)'.padEnd(WHERE)}`.trimEnd());
    for (const f of fired) lines.push(`${when.padEnd(WHEN)} ${'(deadline)'.padEnd(WHERE)} ${f.kind} → ${f.event}`);
    lines.push(...earlier.filter((n) => Date.parse(n.createdAt) === instant).flatMap(heard));
  }
  const where = record.phase ? `${record.state} (${record.phase})` : String(record.state);
  const answer = record.status >= 400 ? `  [${record.status} ${record.body?.message ?? ''}]` : '';
  lines.push(`${record.step.at.padEnd(WHEN)} ${where.padEnd(WHERE)} ${record.step.note}${answer}`);
  lines.push(...record.notifications.filter((n) => Date.parse(n.createdAt) >= stepAt).flatMap(heard));
  return lines.join('\n');
}

/** `✉ secretariat  en  meeting.format-changed   Meeting format changed: …`, and the body's last line when it is the news. */
function notificationLines(n: HeardNotification, titles: string[]): string[] {
  const lines = [`${INDENT}✉ ${n.subscriber.padEnd(12)} ${n.language}  ${n.type.padEnd(24)} ${elide(n.title, titles, '')}`];
  if (NEWS_IN_BODY.includes(n.type)) lines.push(`${INDENT}${' '.repeat(44)}${elide(n.body.split('\n').pop() ?? '', titles, '“«')}`);
  return lines;
}

/** The text with its last mention of the consultation's title (quoted, when `quotes` are given) as `…`; a phase may bear the same name. */
function elide(text: string, titles: string[], quotes: string): string {
  for (const title of titles) {
    const mentions = quotes ? [...quotes].map((open) => `${open}${title}`) : [title];
    const at = Math.max(...mentions.map((mention) => text.lastIndexOf(mention)));
    if (at >= 0) return `${text.slice(0, at + (quotes ? 1 : 0))}…${text.slice(at + (quotes ? 1 : 0) + title.length)}`;
  }
  return text;
}

function local(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? new Date(instant).toISOString();
}
