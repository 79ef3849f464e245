import { Observable } from 'rxjs';
import {
  AppendOptions, AppendResult, ChainVerification, EventStore, NewEvent, ReadAllOptions,
  ReadStreamOptions, StoredEvent, followAll,
} from '@consult/event-store';

/**
 * A store whose subscription also wakes on `wakeUps` and polls every `pollMs`: for a
 * follower in another thread than the writer, which the store's own wake-ups never reach.
 */
export class WakeableStore extends EventStore {
  readonly kind: string;

  constructor(private readonly store: EventStore, private readonly wakeUps: Observable<unknown>, private readonly pollMs = 50) {
    super();
    this.kind = store.kind;
  }

  subscribeToAll(after = 0): Observable<StoredEvent> {
    return followAll(after, {
      readAfter: (position, maxCount) => this.store.readAll({ after: position, maxCount }),
      wakeUps: this.wakeUps,
      pollMs: this.pollMs,
    });
  }

  append(stream: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.store.append(stream, events, options);
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    return this.store.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    return this.store.readAll(options);
  }

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  verifyStream(stream: string): Promise<ChainVerification> {
    return this.store.verifyStream(stream);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
