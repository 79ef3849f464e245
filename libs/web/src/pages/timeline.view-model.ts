import type { TimelineChange, TimelineItem } from '@consult/projections';
import type { Formatter, ShownDate } from './format';
import { type Labels, fill, labelOf } from './labels';
import type { Language } from './languages';
import { localised } from './page-shell';

/** A span or instant as shown: its start and, when it has one, its end. */
export interface ShownSpan {
  from?: ShownDate;
  to?: ShownDate;
}

/** One change to a timeline item: what changed, from what to what, why, and the circular letter it cites. */
export interface ShownChange {
  at: ShownDate;
  label: string;
  before?: string;
  after?: string;
  reason?: string;
  letter?: string;
}

/** One milestone, meeting, round or Council session as the timeline shows it. */
export interface ShownItem {
  key: string;
  kind: string;
  heading: string;
  /** The heading's language when it is not the page's (a phase titled in another language only). */
  headingLang?: string;
  status: string;
  planned?: ShownSpan;
  firstPlanned?: ShownSpan;
  actual?: ShownSpan;
  facts: { label: string; value: string }[];
  changes: ShownChange[];
  moved: boolean;
}

/** A circular letter's number as cited in a reason, e.g. `CL-20/18`. */
const LETTER = /\bCL-\d{2}\/\d+\b/;

type Values = Record<string, unknown>;

function span(format: Formatter, zone: string, from?: string, to?: string): ShownSpan | undefined {
  if (!from && !to) return undefined;
  return { from: from ? format.date(from, zone) : undefined, to: to ? format.date(to, zone) : undefined };
}

function detailText(values: Values | undefined, labels: Labels, format: Formatter, zone: string): string | undefined {
  if (!values) return undefined;
  const parts: string[] = [];
  const { session, format: meetingFormat, participants, documentRefs } = values;
  if (typeof session === 'string') parts.push(session);
  if (typeof meetingFormat === 'string') parts.push(labelOf(labels.formats, meetingFormat));
  for (const key of ['startsAt', 'endsAt', 'closesAt', 'closedAt']) {
    if (typeof values[key] === 'string') parts.push(format.date(values[key] as string, zone).text);
  }
  if (typeof values.outcome === 'string') parts.push(labelOf(labels.outcomes, values.outcome));
  if (typeof values.mode === 'string') parts.push(labelOf(labels.modes, values.mode));
  if (typeof participants === 'number') parts.push(`${labels.participants}${labels.colon}${format.number(participants)}`);
  if (Array.isArray(documentRefs)) parts.push(documentRefs.join(', '));
  return parts.length ? parts.join(' · ') : undefined;
}

function change(c: TimelineChange, labels: Labels, format: Formatter, zone: string): ShownChange {
  return {
    at: format.date(c.recordedAt, zone),
    label: labelOf(labels.changeKinds, c.change),
    before: detailText(c.before, labels, format, zone),
    after: detailText(c.after, labels, format, zone),
    reason: c.reason,
    letter: c.reason?.match(LETTER)?.[0],
  };
}

function heading(item: TimelineItem, labels: Labels, lang: Language): string {
  const kind = labelOf(labels.itemKinds, item.kind);
  const d = item.detail as Values;
  switch (item.kind) {
    case 'meeting': return `${kind} ${String(d.meetingId ?? item.key)}`;
    case 'draft': case 'final-draft': return `${kind}: ${String(d.documentRef)}, ${fill(labels.version, { version: String(d.version) })}`;
    case 'consultation-round': return `${kind} ${String(d.round ?? '')}`.trim();
    case 'council-consideration': return `${kind}: ${String(d.session ?? '')}`;
    case 'council-decision':
      return `${kind} (${String(d.session)}, ${labelOf(labels.modes, String(d.mode))}): ${labelOf(labels.outcomes, String(d.outcome))}`;
    case 'launch': return d.reference ? `${kind} (${String(d.reference)})` : kind;
    default: return item.title ? localised(item.title, lang).text : kind;
  }
}

function titleLanguage(item: TimelineItem, lang: Language): string | undefined {
  if (item.kind !== 'phase' || !item.title) return undefined;
  const shown = localised(item.title, lang).lang;
  return shown === lang ? undefined : shown;
}

function facts(item: TimelineItem, labels: Labels, format: Formatter): { label: string; value: string }[] {
  const d = item.detail as Values;
  const out: { label: string; value: string }[] = [];
  if (item.format) out.push({ label: labels.format, value: labelOf(labels.formats, item.format) });
  if (item.location) out.push({ label: labels.location, value: item.location });
  if (typeof d.participants === 'number') out.push({ label: labels.participants, value: format.number(d.participants) });
  if (Array.isArray(d.documentRefs)) out.push({ label: labels.documents, value: d.documentRefs.join(', ') });
  if (typeof d.reference === 'string' && item.kind !== 'launch') out.push({ label: labels.documents, value: d.reference });
  if (typeof d.note === 'string') out.push({ label: labels.outcome, value: d.note });
  return out;
}

/** The timeline's items as the page shows them, dates in the consultation's zone. */
export function shownTimeline(items: TimelineItem[], labels: Labels, format: Formatter, zone: string): ShownItem[] {
  return items.map((item) => {
    const firstDiffers = (item.originalAt ?? null) !== (item.plannedAt ?? null) || (item.originalEndsAt ?? null) !== (item.plannedEndsAt ?? null);
    return {
      key: item.key,
      kind: item.kind,
      heading: heading(item, labels, format.lang),
      headingLang: titleLanguage(item, format.lang),
      status: labelOf(labels.itemStatuses, item.status),
      planned: span(format, zone, item.plannedAt, item.plannedEndsAt),
      firstPlanned: firstDiffers ? span(format, zone, item.originalAt, item.originalEndsAt) : undefined,
      actual: span(format, zone, item.actualAt, item.actualEndsAt),
      facts: facts(item, labels, format),
      changes: item.changes.map((c) => change(c, labels, format, zone)),
      moved: firstDiffers,
    };
  });
}
