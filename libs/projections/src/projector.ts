import { Subscription, bufferTime, concatMap, filter } from 'rxjs';
import { DataSource } from 'typeorm';
import type { EventStore, StoredEvent } from '@consult/event-store';
import { ReplayedState, evolveSummary } from './consultation-summary.projection';
import { CONTRIBUTION_EVENTS, evolveContributions, noContributionChanges } from './contribution.projection';
import { CheckpointRow, ConsultationSummaryRow, ContributionRow } from './read-model.entities';
import { ReadModelSql } from './read-model.sql';

const CHECKPOINT = 'read-models';

/** Replays a consultation event through its workflow (given by the consultation module). */
export type Replayer = (event: StoredEvent) => Promise<ReplayedState>;

/**
 * Keeps the read models up to date: follows the store from its checkpoint and folds
 * each page of events in one transaction together with the new checkpoint, so a
 * crash never applies an event twice or skips one.
 */
export class Projector {
  private subscription?: Subscription;
  private restartTimer?: NodeJS.Timeout;
  private position = 0;
  private waiters: { position: number; resolve: () => void }[] = [];

  /** `onError` hears of a failed page; the projector then resumes from its checkpoint. */
  constructor(
    private readonly store: EventStore,
    private readonly db: DataSource,
    private readonly replay: Replayer,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly retryMs = 1000,
  ) {}

  async start(): Promise<void> {
    await this.db.getRepository(CheckpointRow).createQueryBuilder().insert()
      .values({ name: CHECKPOINT, position: 0 }).orIgnore().execute();
    this.position = await this.checkpoint();
    this.subscription = this.store.subscribeToAll(this.position).pipe(
      bufferTime(10, null, 500),
      filter((batch) => batch.length > 0),
      concatMap((batch) => this.apply(batch)),
    ).subscribe({ error: (error) => this.failed(error) });
  }

  /** A failed page is rolled back whole: report it and follow again from the checkpoint. */
  private failed(error: unknown): void {
    this.onError(error);
    this.restartTimer = setTimeout(() => void this.start().catch((again) => this.failed(again)), this.retryMs);
    this.restartTimer.unref();
  }

  /** Resolves once every event up to `position` is in the read models. */
  async waitFor(position: number, timeoutMs = 10_000): Promise<void> {
    if (this.position >= position) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read models did not reach position ${position} in ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ position, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  /** Brings the read models up to the store's current head. */
  async catchUp(): Promise<void> {
    await this.waitFor(await this.store.headPosition());
  }

  get checkpointPosition(): number {
    return this.position;
  }

  stop(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.subscription?.unsubscribe();
  }

  /** Empties the read models and the checkpoint; `start` then rebuilds from position 0. */
  async reset(): Promise<void> {
    this.stop();
    await this.db.transaction(async (manager) => {
      for (const entity of this.db.entityMetadatas) await manager.clear(entity.target);
    });
    this.position = 0;
  }

  /**
   * Applies a page in one transaction with the checkpoint. Several processes may run a
   * projector on the same read models (api and worker, or api replicas): the first
   * statement locks the checkpoint row, so they take turns, and each skips the events
   * another has already applied.
   */
  private async apply(batch: StoredEvent[]): Promise<void> {
    const last = batch[batch.length - 1].position;
    await this.db.transaction(async (manager) => {
      const checkpoints = manager.getRepository(CheckpointRow);
      await checkpoints.createQueryBuilder().update().set({ position: () => 'position' }).where('name = :name', { name: CHECKPOINT }).execute();
      const applied = (await checkpoints.findOneBy({ name: CHECKPOINT }))?.position ?? 0;
      // Fold the page in memory, then write each table once: a summary row from each
      // consultation's latest event, so it is built once however many events the page has.
      const latest = new Map<string, [StoredEvent, ReplayedState]>();
      const contributions = noContributionChanges();
      for (const event of batch) {
        if (event.position <= applied) continue;
        if (CONTRIBUTION_EVENTS.includes(event.type)) evolveContributions(contributions, event);
        if (event.stream.startsWith('consultation-')) latest.set(event.stream, [event, await this.replay(event)]);
      }
      const sql = new ReadModelSql(manager);
      await sql.upsert(ConsultationSummaryRow, [...latest.values()].map(([event, replayed]) => evolveSummary(event, replayed)));
      await sql.upsert(ContributionRow, [...contributions.submitted.values()]);
      for (const { ids, publishedAt } of contributions.published) await sql.updateWhereIdIn(ContributionRow, ids, { published: true, publishedAt });
      for (const [id, count] of contributions.counts) await sql.increment(ConsultationSummaryRow, id, 'contributions', count);
      if (last > applied) await checkpoints.update({ name: CHECKPOINT }, { position: last });
    });
    this.position = last;
    this.release();
  }

  private release(): void {
    const ready = this.waiters.filter((w) => w.position <= this.position);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    ready.forEach((w) => w.resolve());
  }

  private async checkpoint(): Promise<number> {
    const row = await this.db.getRepository(CheckpointRow).findOneBy({ name: CHECKPOINT });
    return row?.position ?? 0;
  }
}
