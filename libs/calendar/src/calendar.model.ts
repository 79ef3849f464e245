/** One change to a timeline item, as much of it as the calendar reads. */
export interface CalendarItemChange {
  change: string;
  reason?: string;
  recordedAt: string;
}

/** A timeline item (the timeline read model's `TimelineItem` fits): what the calendar makes events of. */
export interface CalendarItem {
  key: string;
  kind: string;
  status: string;
  title?: Record<string, string>;
  plannedAt?: string;
  plannedEndsAt?: string;
  actualAt?: string;
  actualEndsAt?: string;
  format?: string;
  location?: string;
  detail: Record<string, unknown>;
  changes: CalendarItemChange[];
}

/** What one consultation's calendar is made of: its launch's title and zone, its timeline, and where the dashboard is. */
export interface CalendarSource {
  consultationId: string;
  /** The consultation's title by language; the calendar speaks English (else the first title given). */
  title: Record<string, string>;
  timezone: string;
  publicUrl: string;
  items: CalendarItem[];
}

/** One VEVENT: instants are ISO 8601; the renderer writes them in the consultation's zone. */
export interface CalendarEvent {
  uid: string;
  summary: string;
  startsAt: string;
  /** None for a deadline: an instant, not a span. */
  endsAt?: string;
  sequence: number;
  status: 'CONFIRMED' | 'CANCELLED';
  description: string;
  location?: string;
  url: string;
  /** When this event's information last changed (DTSTAMP). */
  stamp: string;
}

/** One calendar: its name, zone and events. */
export interface CalendarFeed {
  name: string;
  timezone: string;
  url: string;
  events: CalendarEvent[];
}

/** What each kind of item becomes: a span (meetings) or a deadline (the end of a round or phase). */
interface Shape {
  summary: string;
  startsAt?: string;
  endsAt?: string;
  /** Still to come: a withdrawal cancels it. */
  pending: boolean;
}

/** Changes that move an item or change how it is held: each is a new revision for calendar clients. */
const REVISIONS = new Set(['rescheduled', 'format-changed', 'extended', 'postponed']);

const english = (title: Record<string, string> | undefined): string | undefined => title?.en ?? Object.values(title ?? {})[0];

const endOf = (item: CalendarItem): string | undefined => item.actualEndsAt ?? item.plannedEndsAt;

function phaseShape(item: CalendarItem): Shape {
  const name = english(item.title) ?? `Phase ${String(item.detail.phaseKey ?? item.key)}`;
  const pending = item.status !== 'ended';
  // A phase starts when the one before ends: a meeting phase may be current long before its planned days.
  if (item.detail.phaseKind === 'meeting') return { summary: name, startsAt: item.plannedAt, endsAt: item.plannedEndsAt, pending };
  return { summary: `${name} ends`, startsAt: endOf(item), pending };
}

/** The calendar's view of an item; undefined for what is neither a meeting nor a deadline (drafts, decisions, ...). */
function shapeOf(item: CalendarItem): Shape | undefined {
  switch (item.kind) {
    case 'meeting':
      return {
        summary: `Meeting ${String(item.detail.meetingId ?? item.key)}`,
        startsAt: item.actualAt ?? item.plannedAt, endsAt: item.actualEndsAt ?? item.plannedEndsAt, pending: item.status === 'scheduled',
      };
    case 'consultation-round':
      return { summary: `Consultation round ${String(item.detail.round ?? item.key)} closes`, startsAt: endOf(item), pending: item.status === 'open' };
    case 'phase':
      return phaseShape(item);
    case 'council-consideration':
      return {
        summary: `Council consideration${item.detail.session ? ` (${String(item.detail.session)})` : ''}`,
        startsAt: item.plannedAt, endsAt: item.plannedEndsAt, pending: item.status === 'pending' || item.status === 'postponed',
      };
    default:
      return undefined;
  }
}

/** A deadline met at another time than planned (a round closed early) moved too. */
const movedByActual = (item: CalendarItem): boolean =>
  item.kind !== 'council-consideration' && item.actualEndsAt !== undefined && item.plannedEndsAt !== undefined
  && Date.parse(item.actualEndsAt) !== Date.parse(item.plannedEndsAt);

function describe(item: CalendarItem, title: string, cancelledBy: CalendarItemChange | undefined): string {
  const lines = [title];
  if (item.format) lines.push(`Format: ${item.format}`);
  const last = [...item.changes].reverse().find((change) => REVISIONS.has(change.change) && change.reason);
  if (last) lines.push(`Last change (${last.change}): ${last.reason}`);
  if (cancelledBy) lines.push(`Cancelled: the consultation was withdrawn${cancelledBy.reason ? ` (${cancelledBy.reason})` : ''}`);
  return lines.join('\n');
}

const latest = (instants: string[]): string => instants.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));

function eventOf(source: CalendarSource, item: CalendarItem, shape: Shape, host: string, withdrawal?: CalendarItemChange): CalendarEvent {
  const title = english(source.title) ?? source.consultationId;
  const withdrawnBefore = shape.pending ? withdrawal : undefined;
  const cancelled = withdrawnBefore !== undefined || item.status === 'cancelled';
  const revisions = item.changes.filter((change) => REVISIONS.has(change.change)).length;
  return {
    uid: `${source.consultationId}.${item.key}@${host}`,
    summary: `${shape.summary}: ${title}`,
    startsAt: shape.startsAt!,
    endsAt: shape.endsAt,
    sequence: revisions + (movedByActual(item) ? 1 : 0) + (cancelled ? 1 : 0),
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    description: describe(item, title, withdrawnBefore),
    location: item.location,
    url: dashboardUrl(source),
    stamp: latest([...item.changes.map((change) => change.recordedAt), ...(withdrawnBefore ? [withdrawnBefore.recordedAt] : [])]),
  };
}

/** The consultation's page on the dashboard. */
export const dashboardUrl = (source: Pick<CalendarSource, 'publicUrl' | 'consultationId'>): string =>
  `${source.publicUrl.replace(/\/+$/, '')}/consultations/${encodeURIComponent(source.consultationId)}`;

/**
 * The consultation's calendar: one event per meeting, Council consideration and deadline
 * (a round's closing, a phase's end), with a UID that never changes, a SEQUENCE that counts
 * its revisions, and CANCELLED for what a withdrawal left pending.
 */
export function calendarOf(source: CalendarSource): CalendarFeed {
  const host = new URL(source.publicUrl).host;
  const withdrawal = source.items.find((item) => item.kind === 'withdrawal')?.changes[0];
  const events = source.items.flatMap((item) => {
    const shape = shapeOf(item);
    if (!shape?.startsAt || item.changes.length === 0) return [];
    return [eventOf(source, item, shape, host, withdrawal)];
  });
  return { name: english(source.title) ?? source.consultationId, timezone: source.timezone, url: dashboardUrl(source), events };
}
