import { Subscription, bufferTime, concatMap, filter } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, StoredEvent } from '@consult/event-store';
import { ensureCheckpoint, lockCheckpoint, readCheckpoint, saveCheckpoint } from './checkpoint';
import { Freshness, READ_MODEL_WAIT_MS } from './freshness';
import { EventParked, errorText, park } from './parked-events';
import { READ_MODEL_PROJECTIONS, Replayer, projectionsOf } from './read-model.projections';

/**
 * Keeps the read models up to date: follows the store from its checkpoint and folds
 * each page of events in one transaction together with the new checkpoint, so a
 * crash never applies an event twice or skips one. A page that fails is applied again
 * event by event: an event a projection cannot apply is parked (recorded with its
 * error, see `retryParkedEvents`) and the others go on, so one event never stops them.
 */
export class Projector {
  private subscription?: Subscription;
  private restartTimer?: NodeJS.Timeout;
  private position = 0;
  private waiters: { position: number; resolve: () => void }[] = [];

  /**
   * `onError` hears of a failed page (applied again event by event), of each parked event
   * (an `EventParked`), and of a failure to write at all (the projector then resumes from
   * its checkpoint after `retryMs`).
   */
  constructor(
    private readonly store: EventStore,
    private readonly db: DataSource,
    private readonly replay: Replayer,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly retryMs = 1000,
  ) {}

  async start(): Promise<void> {
    await ensureCheckpoint(this.db);
    this.position = await readCheckpoint(this.db);
    this.subscription = this.store.subscribeToAll(this.position).pipe(
      bufferTime(10, null, 500),
      filter((batch) => batch.length > 0),
      concatMap((batch) => this.apply(batch)),
    ).subscribe({ error: (error) => this.failed(error) });
  }

  /** Nothing could be written (the database is down): report it and follow again from the checkpoint. */
  private failed(error: unknown): void {
    this.onError(error);
    this.restartTimer = setTimeout(() => void this.start().catch((again) => this.failed(again)), this.retryMs);
    this.restartTimer.unref();
  }

  /** Waits at most `timeoutMs` for every event up to `position` to be in the read models; never rejects. */
  async waitFor(position: number, timeoutMs = READ_MODEL_WAIT_MS): Promise<Freshness> {
    if (this.position < position) {
      await new Promise<void>((resolve) => {
        const waiter = { position, resolve: () => { clearTimeout(timer); resolve(); } };
        const timer = setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve();
        }, timeoutMs);
        this.waiters.push(waiter);
      });
    }
    return { fresh: this.position >= position, checkpoint: this.position, head: position };
  }

  /** Waits at most `timeoutMs` for the read models to include every event stored when called. */
  async catchUp(timeoutMs = READ_MODEL_WAIT_MS): Promise<Freshness> {
    return this.waitFor(await this.store.headPosition(), timeoutMs);
  }

  get checkpointPosition(): number {
    return this.position;
  }

  stop(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.subscription?.unsubscribe();
  }

  /** Empties the read models, the parked events and the checkpoint; `start` then rebuilds from position 0. */
  async reset(): Promise<void> {
    this.stop();
    await this.db.transaction(async (manager) => {
      for (const entity of this.db.entityMetadatas) await manager.clear(entity.target);
    });
    this.position = 0;
  }

  private async apply(batch: StoredEvent[]): Promise<void> {
    try {
      await this.db.transaction((manager) => this.applyPage(manager, batch));
    } catch (error) {
      this.onError(error);
      for (const event of batch) {
        const parked = await this.db.transaction((manager) => this.applyOne(manager, event));
        parked.forEach((report) => this.onError(report));
      }
    }
    this.position = batch[batch.length - 1].position;
    this.release();
  }

  /**
   * A page in one transaction with the checkpoint. Several processes may run a projector
   * on the same read models (api and worker, or api replicas): the checkpoint's lock makes
   * them take turns, and each skips the events another has already applied. Each
   * projection folds the page in memory and writes each of its tables once.
   */
  private async applyPage(manager: EntityManager, batch: StoredEvent[]): Promise<void> {
    const applied = await lockCheckpoint(manager);
    const events = batch.filter((event) => event.position > applied);
    if (events.length === 0) return;
    for (const projection of READ_MODEL_PROJECTIONS) {
      const handled = events.filter((event) => projection.handles(event));
      if (handled.length > 0) await projection.write(manager, handled, this.replay);
    }
    await saveCheckpoint(manager, events[events.length - 1].position);
  }

  /** One event, each projection in a savepoint of its own: one that fails parks it, the others keep it. */
  private async applyOne(manager: EntityManager, event: StoredEvent): Promise<EventParked[]> {
    const parked: EventParked[] = [];
    if (event.position <= (await lockCheckpoint(manager))) return parked;
    for (const projection of projectionsOf(event)) {
      try {
        await manager.transaction((savepoint) => projection.write(savepoint, [event], this.replay));
      } catch (error) {
        await park(manager, projection.name, event, error);
        parked.push(new EventParked(projection.name, event, errorText(error)));
      }
    }
    await saveCheckpoint(manager, event.position);
    return parked;
  }

  private release(): void {
    const ready = this.waiters.filter((w) => w.position <= this.position);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    ready.forEach((w) => w.resolve());
  }
}
