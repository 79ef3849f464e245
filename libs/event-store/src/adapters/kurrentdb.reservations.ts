import { randomUUID } from 'node:crypto';
import { NO_STREAM, jsonEvent } from '@eventstore/db-client';
import { IdempotencyConflict } from '../errors';
import { KurrentClient, isWrongExpectedVersion, readEvents } from './kurrentdb.client';
import { reservationStream } from './kurrentdb.mapping';

/** Event type of a reservation marker (filtered out of every read). */
export const RESERVATION_TYPE = 'EventIdReserved';

/** `claimed`: this call created the reservation; `earlier`: an earlier append reserved it for the same stream. */
export type Claim = 'claimed' | 'earlier';

/**
 * Durable, store-wide idempotency on top of KurrentDB, whose own is a best-effort cache.
 * Before an event id is first written, a marker stream `consult.event-id-<id>` is created
 * with expectation NO_STREAM, naming the target stream. KurrentDB lets only one writer
 * create a stream, so an id belongs to exactly one stream forever: a later append of it
 * to another stream is an IdempotencyConflict, and an append to the same stream knows it
 * must look for the id in that stream. A marker whose append never happened (crash,
 * refused expectation) is harmless: the stream is searched and the id is not there.
 */
export class IdReservations {
  constructor(private readonly client: KurrentClient) {}

  /** Reserves every id for `stream`; throws IdempotencyConflict if any belongs to another stream. */
  async claim(stream: string, ids: string[]): Promise<Claim[]> {
    const claims = await Promise.all(ids.map((id) => this.claimOne(stream, id)));
    const foreign = ids.filter((_, i) => claims[i] !== 'claimed' && claims[i] !== 'earlier');
    if (foreign.length > 0) throw conflict(stream, foreign);
    return claims as Claim[];
  }

  /** The stream each id is reserved for (undefined: never reserved), without reserving. */
  async owners(ids: string[]): Promise<(string | undefined)[]> {
    return Promise.all(ids.map((id) => this.owner(id)));
  }

  private async claimOne(stream: string, id: string): Promise<Claim | { owner?: string }> {
    try {
      await this.client.appendToStream(
        reservationStream(id),
        jsonEvent({ id: randomUUID(), type: RESERVATION_TYPE, data: { stream } }),
        { expectedRevision: NO_STREAM },
      ).then((result) => {
        if (result.success === false) throw new ReservationTaken();
      });
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ReservationTaken) && !isWrongExpectedVersion(error)) throw error;
      const owner = await this.owner(id);
      return owner === stream ? 'earlier' : { owner };
    }
  }

  private async owner(id: string): Promise<string | undefined> {
    const [marker] = await readEvents(this.client.readStream(reservationStream(id), { maxCount: 1 }));
    const data = marker?.event?.data as { stream?: unknown } | undefined;
    return typeof data?.stream === 'string' ? data.stream : undefined;
  }
}

/** The conflict for ids already reserved for other streams. */
export function conflict(stream: string, ids: string[]): IdempotencyConflict {
  return new IdempotencyConflict(
    `append to ${stream}: event ids already stored in another stream: ${ids.join(', ')}`, { ids });
}

/** An append refused with `success: false` (client built with throwOnAppendFailure=false). */
class ReservationTaken extends Error {}
