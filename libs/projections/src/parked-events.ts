import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, StoredEvent } from '@consult/event-store';
import { lockCheckpoints } from './checkpoint';
import type { Replayer } from './projection';
import { projectionNamed } from './projections.registry';
import { ParkedEventRow } from './read-model.entities';

/** An event a projection could not apply, as recorded. */
export type ParkedEvent = ParkedEventRow;

/** The event fields a parked row records. */
export type ParkedSource = Pick<StoredEvent, 'position' | 'stream' | 'id' | 'type'>;

/** Reported by the projector when it parks an event: which projection, which event, why. */
export class EventParked extends Error {
  readonly code = 'PROJECTIONS.EVENT_PARKED';
  constructor(readonly projection: string, readonly event: ParkedSource, readonly reason: string) {
    super(`${projection}: event ${event.position} (${event.type} in ${event.stream}) parked: ${reason}`);
    this.name = 'EventParked';
  }
}

const MAX_ERROR_LENGTH = 2000;

/**
 * An error as a parked row can hold it: the read-model database may refuse what the event
 * held (U+0000, lone surrogates), and an error message may quote it.
 */
export function storableText(text: string, max = MAX_ERROR_LENGTH): string {
  return text.replace(/\u0000/g, '\\u0000').replace(/\p{Cs}/gu, '\uFFFD').slice(0, max);
}

export const errorText = (error: unknown): string => storableText(error instanceof Error ? error.message : String(error));

/** Records (or records again) that `projection` failed on `event`, on `manager`'s transaction. */
export async function park(manager: EntityManager, projection: string, event: ParkedSource, error: unknown, now = new Date()): Promise<ParkedEvent> {
  const repository = manager.getRepository(ParkedEventRow);
  const at = now.toISOString();
  const known = await repository.findOneBy({ projection, position: event.position });
  const row: ParkedEventRow = known
    ? { ...known, error: errorText(error), lastFailedAt: at, attempts: known.attempts + 1 }
    : {
        projection, position: event.position, stream: storableText(event.stream, 500), eventId: storableText(event.id, 500),
        type: storableText(event.type, 500), error: errorText(error), firstFailedAt: at, lastFailedAt: at, attempts: 1,
      };
  await repository.save(row);
  return row;
}

/** The parked events, of one projection or all, in store order. */
export function listParkedEvents(db: DataSource, projection?: string): Promise<ParkedEvent[]> {
  return db.getRepository(ParkedEventRow).find({ where: projection ? { projection } : {}, order: { position: 'ASC', projection: 'ASC' } });
}

/** One line about a parked event, for the CLI and logs. */
export function describeParkedEvent(p: ParkedEvent): string {
  const tries = `${p.attempts} attempt${p.attempts === 1 ? '' : 's'}`;
  return `${p.projection} @${p.position}: ${p.type} in ${p.stream} (event ${p.eventId}), ${tries}, last ${p.lastFailedAt}: ${p.error}`;
}

/** How many events each projection has parked (projections without any are absent). */
export async function parkedCounts(db: DataSource): Promise<Record<string, number>> {
  const rows: { projection: string; count: string | number }[] = await db.getRepository(ParkedEventRow).createQueryBuilder('p')
    .select('p.projection', 'projection').addSelect('COUNT(*)', 'count').groupBy('p.projection').getRawMany();
  return Object.fromEntries(rows.map((row) => [row.projection, Number(row.count)]));
}

/** What `retryParkedEvents` did: the events that now applied, and those that still fail (with their new error). */
export interface RetryReport {
  resolved: ParkedEvent[];
  failing: ParkedEvent[];
}

/**
 * Applies the parked events (of `projection`, or all) again, in store order: each that now
 * applies is removed from the parked ones, each that fails again keeps its place with the
 * new error and one more attempt. Safe beside running projectors: each event is applied
 * under its projection's checkpoint lock, at most once.
 */
export async function retryParkedEvents(db: DataSource, store: EventStore, replay: Replayer, projection?: string): Promise<RetryReport> {
  const report: RetryReport = { resolved: [], failing: [] };
  for (const parked of await listParkedEvents(db, projection)) {
    const event = await eventAt(store, parked.position);
    try {
      await db.transaction((manager) => applyParked(manager, parked, event, replay));
      report.resolved.push(parked);
    } catch (error) {
      report.failing.push(await db.transaction((manager) => park(manager, parked.projection, event ?? parkedSource(parked), error)));
    }
  }
  return report;
}

async function applyParked(manager: EntityManager, parked: ParkedEvent, event: StoredEvent | undefined, replay: Replayer): Promise<void> {
  const target = projectionNamed(parked.projection);
  if (!target) throw new Error(`no projection is named ${parked.projection}`);
  if (!event) throw new Error(`the store holds no event at position ${parked.position}`);
  await lockCheckpoints(manager, [parked.projection]);
  // Another retry may have applied it meanwhile: only the one that removes the row applies it.
  const removed = await manager.getRepository(ParkedEventRow).delete({ projection: parked.projection, position: parked.position });
  if (removed.affected === 0) return;
  await target.evolve(manager, [event], { replay });
}

async function eventAt(store: EventStore, position: number): Promise<StoredEvent | undefined> {
  const [event] = await store.readAll({ after: position - 1, maxCount: 1 });
  return event?.position === position ? event : undefined;
}

const parkedSource = (row: ParkedEvent): ParkedSource => ({ position: row.position, stream: row.stream, id: row.eventId, type: row.type });
