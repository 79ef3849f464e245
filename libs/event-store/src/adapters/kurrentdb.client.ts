import {
  ErrorType, EventStoreDBClient, StreamNotFoundError, WrongExpectedVersionError,
} from '@eventstore/db-client';

/** The part of `EventStoreDBClient` the adapter uses (a fake can stand in for it in unit tests). */
export type KurrentClient = Pick<
  EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionError {
  return error instanceof WrongExpectedVersionError
    || (error as { type?: unknown } | null)?.type === ErrorType.WRONG_EXPECTED_VERSION;
}

export function isStreamNotFound(error: unknown): boolean {
  return error instanceof StreamNotFoundError
    || (error as { type?: unknown } | null)?.type === ErrorType.STREAM_NOT_FOUND;
}

/** Drains a streaming read; an unknown stream reads as empty. */
export async function readEvents<T>(read: AsyncIterable<T>): Promise<T[]> {
  const events: T[] = [];
  try {
    for await (const event of read) events.push(event);
  } catch (error) {
    if (isStreamNotFound(error)) return [];
    throw error;
  }
  return events;
}

/** `esdb://user:secret@host` → `esdb://user:***@host`, for error messages. */
export function redact(connectionString: string): string {
  return connectionString.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}
