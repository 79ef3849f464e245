import type { AnyMachineSnapshot } from 'xstate';
import { AppendResult, EventStore, NewEvent, WrongExpectedRevision } from '@consult/event-store';
import { ConsultationCache, LoadedConsultation } from './consultation-cache';
import { ConcurrentUpdates, VersionConflict } from './consultation.errors';
import { consultationStream } from './consultation-stream';

/** What a decision appends: the events and the snapshot the machine reached on them. */
export interface Decided {
  events: NewEvent[];
  snapshot: AnyMachineSnapshot;
}

/** Bounded retries with full-jitter exponential backoff: try n waits a random time up to min(max, base·2ⁿ⁻¹). */
export interface BackoffPolicy {
  maxTries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** What to do when the stream moved between load and append (as Emmett's `retry: { onVersionConflict }`). */
export interface RetryPolicy {
  /** `false`: answer ConcurrentUpdates at once. Never used when the caller pinned `expectedVersion`. */
  onVersionConflict: BackoffPolicy | false;
}

/** 20 tries, waits of at most 2, 4, 8 … 100 ms: about a second in the worst case. */
export const DEFAULT_RETRY: RetryPolicy = { onVersionConflict: { maxTries: 20, baseDelayMs: 2, maxDelayMs: 100 } };

export interface CommandOptions {
  /** The caller's pinned version: a stale one is a VersionConflict (409), never retried. */
  expectedVersion?: number;
  /** Overrides the handler's policy for this command. */
  retry?: RetryPolicy;
}

/** The append that carried a decision, and the consultation it was decided on (now advanced past it). */
export interface Handled {
  loaded: LoadedConsultation;
  appended: AppendResult;
}

/**
 * The command path around the pure decision: load (from the cache), decide, append with
 * the expected revision; on a version conflict, reload and decide again as the policy
 * allows. Commands to one consultation run one at a time in this process, so the
 * process's own requests never conflict with each other; the retries are for other
 * processes (the worker, a second api) writing the same stream.
 */
export class CommandHandler {
  private readonly lanes = new Map<string, Promise<unknown>>();

  constructor(private readonly store: EventStore, readonly cache: ConsultationCache, private readonly policy: RetryPolicy = DEFAULT_RETRY) {}

  /** Runs `decide` until its events are appended; `undefined` from `decide` means nothing to append. */
  run(id: string, decide: (loaded: LoadedConsultation) => Decided | undefined, options: CommandOptions = {}): Promise<Handled | undefined> {
    return this.inLane(id, () => this.attempt(id, decide, options));
  }

  private async attempt(id: string, decide: (loaded: LoadedConsultation) => Decided | undefined, options: CommandOptions): Promise<Handled | undefined> {
    const pinned = options.expectedVersion;
    const backoff = pinned === undefined ? (options.retry ?? this.policy).onVersionConflict : false;
    for (let tries = 1; ; tries += 1) {
      const loaded = await this.load(id, tries > 1, pinned);
      const decided = decide(loaded);
      if (!decided) return undefined;
      try {
        const appended = await this.store.append(consultationStream(id), decided.events, { expectedRevision: loaded.revision });
        this.cache.applyAppended(loaded, appended.events, appended.duplicate ? undefined : decided.snapshot);
        return { loaded, appended };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision)) throw error;
        if (pinned !== undefined) throw new VersionConflict(pinned, typeof error.actual === 'number' ? error.actual : -1);
        if (!backoff || tries >= backoff.maxTries) throw new ConcurrentUpdates(id, tries);
        await sleep(Math.random() * Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (tries - 1)));
      }
    }
  }

  /** The cached consultation (read again after a conflict); a pinned version is checked against the store, not the cache. */
  private async load(id: string, fresh: boolean, pinned: number | undefined): Promise<LoadedConsultation> {
    let loaded = await this.cache.load(id, fresh);
    if (pinned !== undefined && pinned !== loaded.revision && !fresh) loaded = await this.cache.load(id);
    if (pinned !== undefined && pinned !== loaded.revision) throw new VersionConflict(pinned, loaded.revision);
    return loaded;
  }

  /** One task at a time per consultation, in arrival order; other consultations run alongside. */
  private inLane<T>(id: string, task: () => Promise<T>): Promise<T> {
    const current = (this.lanes.get(id) ?? Promise.resolve()).then(task);
    const tail = current.then(() => undefined, () => undefined);
    this.lanes.set(id, tail);
    void tail.then(() => {
      if (this.lanes.get(id) === tail) this.lanes.delete(id);
    });
    return current;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
