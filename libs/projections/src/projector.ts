import { Subject, Subscription, concatMap } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, StoredEvent } from '@consult/event-store';
import { ensureCheckpoints, lockCheckpoints, readCheckpoints, saveCheckpoints } from './checkpoint';
import { Freshness, READ_MODEL_WAIT_MS } from './freshness';
import { URGENT_BATCH_MS, liveBatches } from './live-batches';
import { EventParked, errorText, park } from './parked-events';
import type { Projection, ProjectionContext, Replayer } from './projection';
import { PositionWaiters } from './position-waiters';
import { PROJECTIONS } from './projections.registry';
import { ParkedEventRow } from './read-model.entities';
import { isTransient } from './transient-error';

/** What one transaction did: every projection but those found behind this consumer now includes `position`. */
interface Step {
  position: number;
  behind: Map<string, number>;
}

const lowest = (positions: number[]): number => (positions.length === 0 ? 0 : Math.min(...positions));
const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** Events a page holds while the projector catches up (a rebuild, a start after a pause): fewer, larger transactions. */
export const CATCH_UP_PAGE = 5000;
/** Following the live store, a page is what `liveBatchMs` brought (10 ms by default), at most this many events. */
const LIVE_PAGE = 500;

/**
 * A replayer the projector shows each page before folding it (`consultationReplayer` is one):
 * asked for a consultation's last event of the page, it steps through the earlier ones
 * without reading them again.
 */
export interface PageReplayer extends Replayer {
  preview?(page: readonly StoredEvent[]): void;
}

/**
 * The generic checkpointed consumer: follows the store from the lowest checkpoint of its
 * projections (every registered one by default) and folds each page, in one transaction,
 * into each projection that has not seen it yet, with that projection's checkpoint; a
 * crash never applies an event twice or skips one. A page that fails is applied again
 * event by event, each projection in a savepoint: an event a projection cannot apply is
 * parked under its name (see `retryParkedEvents`) and the others go on.
 */
export class Projector {
  private subscription?: Subscription;
  private restartTimer?: NodeJS.Timeout;
  /** Counts starts and stops: a catch-up or a subscription of an earlier run stops at once. */
  private run = 0;
  /** The store position this consumer has read up to. */
  private followed = 0;
  private readonly positions = new Map<string, number>();
  private readonly waiters = new PositionWaiters((names) => this.reached(names));
  private readonly context: ProjectionContext;
  /** Told when a reader starts waiting: the page being gathered then waits no longer than `URGENT_BATCH_MS`. */
  private readonly hurry = new Subject<void>();

  /**
   * `onError` hears of a failed page (applied again event by event), of each parked event
   * (an `EventParked`), and of a failure to write at all (the projector then resumes from
   * its checkpoints after `retryMs`). A live page is what arrived within `liveBatchMs` of its
   * first event: longer for a consumer whose commits would otherwise hold up its thread (the
   * notifications reactor), with a reader waiting never held up more than `URGENT_BATCH_MS`.
   */
  constructor(
    private readonly store: EventStore,
    private readonly db: DataSource,
    private readonly replay: PageReplayer,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly retryMs = 1000,
    readonly projections: readonly Projection[] = PROJECTIONS,
    private readonly liveBatchMs = URGENT_BATCH_MS,
  ) {
    this.context = { replay };
  }

  /** The page being folded now, settled either way. */
  private applying: Promise<void> = Promise.resolve();

  private get names(): string[] {
    return this.projections.map((p) => p.name);
  }

  /** Reads the checkpoints, then catches up with the store and follows it (in the background). */
  async start(): Promise<void> {
    await ensureCheckpoints(this.db, this.names);
    const stored = await readCheckpoints(this.db, this.names);
    for (const name of this.names) this.positions.set(name, stored.get(name) ?? 0);
    this.followed = lowest([...this.positions.values()]);
    const run = ++this.run;
    void this.catchUpPages(run).then(() => this.follow(run)).catch((error) => this.failed(error, run));
  }

  /**
   * Folds the store in pages of `CATCH_UP_PAGE` until a page is not full, reading the next
   * page while one is folded (a PostgreSQL store answers meanwhile).
   */
  private async catchUpPages(run: number): Promise<void> {
    const read = (after: number) => this.store.readAll({ after, maxCount: CATCH_UP_PAGE });
    let next = read(this.followed);
    for (;;) {
      const page = await next;
      if (run !== this.run || page.length === 0) return;
      const full = page.length === CATCH_UP_PAGE;
      if (full) next = read(page[page.length - 1].position);
      // A failed fold ends the loop: the read ahead then fails, if it does, unheard.
      next.catch(() => undefined);
      await this.apply(page);
      if (!full) return;
    }
  }

  /** Follows the live store from where the catch-up ended. */
  private follow(run: number): void {
    if (run !== this.run) return;
    this.subscription = this.store.subscribeToAll(this.followed).pipe(
      liveBatches<StoredEvent>(this.liveBatchMs, LIVE_PAGE, () => this.waiters.waiting, this.hurry),
      concatMap((batch) => this.apply(batch)),
    ).subscribe({ error: (error) => this.failed(error, run) });
  }

  /** Nothing could be written (the database is down): report it and follow again from the checkpoints. */
  private failed(error: unknown, run: number): void {
    if (run !== this.run) return;
    this.onError(error);
    this.stop();
    this.restartTimer = setTimeout(() => void this.start().catch((again) => this.failed(again, this.run)), this.retryMs);
    this.restartTimer.unref();
  }

  /**
   * Waits at most `timeoutMs` for every event up to `position` to be in the read models
   * (those named, or all of this projector's); never rejects.
   */
  async waitFor(position: number, timeoutMs = READ_MODEL_WAIT_MS, names?: readonly string[]): Promise<Freshness> {
    const waited = this.waiters.wait(position, timeoutMs, names);
    this.hurry.next();
    await waited;
    const checkpoint = this.reached(names);
    return { fresh: checkpoint >= position, checkpoint, head: position };
  }

  /** Waits at most `timeoutMs` for the read models (those named, or all) to include every event stored when called. */
  async catchUp(timeoutMs = READ_MODEL_WAIT_MS, names?: readonly string[]): Promise<Freshness> {
    return this.waitFor(await this.store.headPosition(), timeoutMs, names);
  }

  /** The position every projection of this projector includes. */
  get checkpointPosition(): number {
    return this.reached();
  }

  stop(): void {
    this.run += 1;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.subscription?.unsubscribe();
  }

  /** Stops, and resolves once the page being folded (if any) is committed: before its database is closed. */
  async stopped(): Promise<void> {
    this.stop();
    await this.applying;
  }

  /**
   * Empties the tables, parked events and checkpoint of each projection of this projector
   * (or of those named); `start` then folds every event again for them.
   */
  async reset(names: readonly string[] = this.names): Promise<void> {
    this.stop();
    const targets = this.projections.filter((p) => names.includes(p.name));
    await ensureCheckpoints(this.db, this.names);
    await this.db.transaction(async (manager) => {
      await lockCheckpoints(manager, names);
      for (const table of targets.flatMap((p) => p.tables)) await manager.createQueryBuilder().delete().from(table).execute();
      for (const name of names) await manager.getRepository(ParkedEventRow).delete({ projection: name });
      await saveCheckpoints(manager, names, 0);
    });
    for (const name of names) this.positions.set(name, 0);
  }

  private reached(names: readonly string[] = this.names): number {
    return lowest(names.map((name) => this.positions.get(name) ?? 0));
  }

  private apply(batch: StoredEvent[]): Promise<void> {
    const applying = this.applyNow(batch);
    this.applying = applying.catch(() => undefined);
    return applying;
  }

  private async applyNow(batch: StoredEvent[]): Promise<void> {
    const step = await this.applyBatch(batch, this.followed);
    this.followed = step.position;
    for (const name of this.names.filter((n) => !step.behind.has(n))) {
      this.positions.set(name, Math.max(this.positions.get(name) ?? 0, step.position));
    }
    this.waiters.release();
    if (step.behind.size > 0) this.followAgain(step.behind);
  }

  /**
   * The page in one transaction; if that fails, in pages of `LIVE_PAGE` (a catch-up's page
   * is larger), and a page of those that fails event by event.
   */
  private async applyBatch(batch: StoredEvent[], from: number): Promise<Step> {
    try {
      return await this.db.transaction((manager) => this.applyPage(manager, batch, from));
    } catch (error) {
      this.onError(error);
      let step: Step = { position: from, behind: new Map() };
      const parts = batch.length > LIVE_PAGE ? chunks(batch, LIVE_PAGE) : batch.map((event) => [event]);
      for (const part of parts) step = part.length > 1 ? await this.applyBatch(part, step.position) : await this.applyAlone(part[0], step.position);
      return step;
    }
  }

  private async applyAlone(event: StoredEvent, from: number): Promise<Step> {
    const parked: EventParked[] = [];
    const step = await this.db.transaction((manager) => this.applyOne(manager, event, from, parked));
    parked.forEach((report) => this.onError(report));
    return step;
  }

  /**
   * The checkpoints, locked: the projections this consumer can feed (it has read every event
   * after their checkpoint), and those behind it, reset by another process (a rebuild).
   */
  private async plan(manager: EntityManager, from: number): Promise<{ stored: Map<string, number>; behind: Map<string, number> }> {
    const stored = await lockCheckpoints(manager, this.names);
    const behind = new Map([...stored].filter(([, position]) => position < from));
    return { stored, behind };
  }

  /** A page in one transaction with the checkpoints; events a projection has seen (another process applied them) are skipped. */
  private async applyPage(manager: EntityManager, batch: StoredEvent[], from: number): Promise<Step> {
    const { stored, behind } = await this.plan(manager, from);
    this.replay.preview?.(batch);
    const position = batch[batch.length - 1].position;
    const advanced: string[] = [];
    for (const projection of this.projections) {
      const seen = stored.get(projection.name) ?? 0;
      if (behind.has(projection.name) || seen >= position) continue;
      const events = batch.filter((event) => event.position > seen && projection.handles(event));
      if (events.length > 0) await projection.evolve(manager, events, this.context);
      advanced.push(projection.name);
    }
    await saveCheckpoints(manager, advanced, position);
    return { position, behind };
  }

  /** One event, each projection in a savepoint of its own: one that fails parks it, the others keep it. */
  private async applyOne(manager: EntityManager, event: StoredEvent, from: number, parked: EventParked[]): Promise<Step> {
    const { stored, behind } = await this.plan(manager, from);
    const advanced: string[] = [];
    for (const projection of this.projections) {
      if (behind.has(projection.name) || (stored.get(projection.name) ?? 0) >= event.position) continue;
      if (projection.handles(event)) {
        try {
          await manager.transaction((savepoint) => projection.evolve(savepoint, [event], this.context));
        } catch (error) {
          // A database that is busy or gone is not a bad event: the whole page is tried again later.
          if (isTransient(error)) throw error;
          await park(manager, projection.name, event, error);
          parked.push(new EventParked(projection.name, event, errorText(error)));
        }
      }
      advanced.push(projection.name);
    }
    await saveCheckpoints(manager, advanced, event.position);
    return { position: event.position, behind };
  }

  /** Another process took projections back (a rebuild): follow the store again from their checkpoints. */
  private followAgain(behind: Map<string, number>): void {
    for (const [name, position] of behind) this.positions.set(name, position);
    this.stop();
    void this.start().catch((error) => this.failed(error, this.run));
  }
}
