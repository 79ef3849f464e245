import type { TimelineChangeRow, TimelineItemRow } from './timeline.entity';

/**
 * One consultation's timeline while a page is folded: every item it has (loaded, then
 * changed in memory), the change rows the page adds, and the keys of the items it changed.
 */
export interface TimelineFold {
  consultationId: string;
  items: Map<string, TimelineItemRow>;
  changes: TimelineChangeRow[];
  touched: Set<string>;
  /** Items by key prefix (`draft:`, `council:`, ...), for the prefixes asked so far: no walk over every key per event. */
  counts: Map<string, number>;
}

/** What a handler reads of a stored event: its data, and its revision in the consultation's stream. */
export interface Fact<D = Record<string, unknown>> {
  revision: number;
  data: D;
}

/** The part of a fact the rows keep: which event changed them. */
type Revision = Pick<Fact, 'revision'>;

/** One change as a handler states it; `recordedAt` is the event's own `<verb>At`. */
export interface ChangeSpec {
  change: string;
  recordedAt: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
  automatic?: boolean;
}

/** A new item's columns; the rest (originals, sort order, revision) follow from them. */
export type NewItem = Pick<TimelineItemRow, 'key' | 'kind' | 'status'> & Partial<TimelineItemRow>;

/** An empty timeline for a consultation the page meets for the first time. */
export const emptyTimeline = (consultationId: string): TimelineFold => ({ consultationId, items: new Map(), changes: [], touched: new Set(), counts: new Map() });

/** Drops undefined values, so that `before`/`after` compare equal after a round trip through JSON. */
export function defined(values: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(values)) if (values[key] !== undefined) kept[key] = values[key];
  return kept;
}

function record(timeline: TimelineFold, fact: Revision, key: string, spec: ChangeSpec): void {
  timeline.changes.push({
    consultationId: timeline.consultationId, revision: fact.revision, itemKey: key, change: spec.change,
    before: spec.before ? defined(spec.before) : null, after: spec.after ? defined(spec.after) : null,
    reason: spec.reason ?? null, automatic: spec.automatic ?? false, recordedAt: spec.recordedAt,
  });
}

/** An instant in UTC: instants keep the offset they were given in, and only UTC ones sort as text. */
const utc = (instant: string): string => new Date(instant).toISOString();

/**
 * Keeps `item` as the timeline's. Its order is worked out again only when its times moved:
 * the row it replaces had it from the same times (a rebuild stores every item several times).
 */
function store(timeline: TimelineFold, fact: Revision, item: TimelineItemRow, previous?: TimelineItemRow): void {
  if (!previous || previous.actualAt !== item.actualAt || previous.plannedAt !== item.plannedAt) {
    item.sortAt = utc(item.actualAt ?? item.plannedAt ?? item.sortAt);
  }
  item.revision = fact.revision;
  if (!timeline.items.has(item.key)) countNew(timeline, item.key);
  timeline.items.set(item.key, item);
  timeline.touched.add(item.key);
}

/** Adds an item, with the change that created it. */
export function addItem(timeline: TimelineFold, fact: Revision, fields: NewItem, spec: ChangeSpec): void {
  const item: TimelineItemRow = {
    consultationId: timeline.consultationId, title: null, plannedAt: null, plannedEndsAt: null, actualAt: null, actualEndsAt: null,
    format: null, location: null, detail: {}, ...fields,
    originalAt: fields.plannedAt ?? null, originalEndsAt: fields.plannedEndsAt ?? null, sortAt: spec.recordedAt, revision: fact.revision,
  };
  store(timeline, fact, item);
  record(timeline, fact, item.key, spec);
}

/**
 * Changes an item and records why: `change` gets the item as it was and gives the columns
 * that change. An item the timeline lacks (its creating event was parked) is left alone.
 */
export function changeItem(
  timeline: TimelineFold, fact: Revision, key: string | undefined,
  change: (item: TimelineItemRow) => { set: Partial<TimelineItemRow>; spec: ChangeSpec },
): void {
  const item = key === undefined ? undefined : timeline.items.get(key);
  if (!item) return;
  const { set, spec } = change(item);
  store(timeline, fact, { ...item, ...set }, item);
  record(timeline, fact, item.key, spec);
}

/** The key of the latest item of `kind` numbered `<prefix><n>` (the open round, the pending consideration). */
export function latestKey(timeline: TimelineFold, prefix: string): string | undefined {
  const count = countOf(timeline, prefix);
  return count === 0 ? undefined : `${prefix}${count}`;
}

/** How many items are numbered `<prefix><n>`: the next one is `count + 1`. Counted once a page, then kept up by `store`. */
export function countOf(timeline: TimelineFold, prefix: string): number {
  let count = timeline.counts.get(prefix);
  if (count === undefined) {
    count = 0;
    for (const key of timeline.items.keys()) if (key.startsWith(prefix)) count += 1;
    timeline.counts.set(prefix, count);
  }
  return count;
}

/** A new key adds one to the counts of the prefixes it starts with. */
function countNew(timeline: TimelineFold, key: string): void {
  for (const [prefix, count] of timeline.counts) if (key.startsWith(prefix)) timeline.counts.set(prefix, count + 1);
}
