import type { DataSource } from 'typeorm';
import type { EventStore } from '@consult/event-store';
import { EventParked, Freshness, Projector, Replayer } from '@consult/projections';
import { ConsultationCache } from './consultation-cache';

/**
 * The read models' projector as the rest of the engine uses it, wherever it runs: the
 * `Projector` itself on this thread, or `ProjectorThread`, which runs it on its own.
 * The abstract class is the injection token. Waits are bounded and never reject for
 * lateness: they resolve with a `Freshness`, whose `staleHeader` a read answers with.
 */
export abstract class ReadModelProjector {
  abstract start(): Promise<void>;
  abstract stop(): void | Promise<void>;
  /** Waits at most `timeoutMs` (2 s by default) for every event up to `position` to be in the read models (those named, or all). */
  abstract waitFor(position: number, timeoutMs?: number, names?: readonly string[]): Promise<Freshness>;
  /** Waits at most `timeoutMs` (2 s by default) for the read models (those named, or all) to include every event stored when called. */
  abstract catchUp(timeoutMs?: number, names?: readonly string[]): Promise<Freshness>;
}

/** Replays consultation events through their workflow for the summary projection, with its own cache. */
export function consultationReplayer(store: EventStore): Replayer {
  const replayCache = new ConsultationCache(store);
  return async (event) => {
    const loaded = await replayCache.replayTo(event);
    // The summary row needs only the view's state, phase and next deadline.
    return { view: loaded.definition.summary(loaded.snapshot), launch: loaded.launch, definition: loaded.definition, snapshot: loaded.snapshot };
  };
}

/** The consultation read models' projector over `store`. */
export function consultationProjector(store: EventStore, db: DataSource, onError: (error: unknown) => void): Projector {
  return new Projector(store, db, consultationReplayer(store), onError);
}

/** The message the projector's reports are logged with. */
export function pageFailedMessage(error: unknown): string {
  if (error instanceof EventParked) return `read models: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `read models: a page failed; its events are applied one by one, or the page again from the checkpoint: ${message}`;
}
