import type { DataSource } from 'typeorm';
import type { EventStore } from '@consult/event-store';
import { Projector } from '@consult/projections';
import { ConsultationCache } from './consultation-cache';

/**
 * The read models' projector as the rest of the engine uses it, wherever it runs: the
 * `Projector` itself on this thread, or `ProjectorThread`, which runs it on its own.
 * The abstract class is the injection token.
 */
export abstract class ReadModelProjector {
  abstract start(): Promise<void>;
  abstract stop(): void | Promise<void>;
  /** Resolves once every event up to `position` is in the read models. */
  abstract waitFor(position: number, timeoutMs?: number): Promise<void>;
  /** Resolves once the read models include every event stored when it was called. */
  abstract catchUp(): Promise<void>;
}

/** The consultation read models' projector over `store`, replaying each event through its own cache. */
export function consultationProjector(store: EventStore, db: DataSource, onError: (error: unknown) => void): Projector {
  const replayCache = new ConsultationCache(store);
  return new Projector(store, db, async (event) => {
    const loaded = await replayCache.replayTo(event);
    // The summary row needs only the view's state, phase and next deadline.
    return { view: loaded.definition.summary(loaded.snapshot), launch: loaded.launch };
  }, onError);
}

/** The message a failed page is reported with. */
export const pageFailedMessage = (error: unknown): string =>
  `read models: a page failed and is retried from the checkpoint: ${error instanceof Error ? error.message : String(error)}`;
