import { Observable, Subscription } from 'rxjs';
import { StoredEvent } from './event-store.port';

export interface FollowOptions {
  /** Reads the next page strictly after a position. */
  readAfter: (after: number, maxCount: number) => Promise<StoredEvent[]>;
  /** Emits when new events may have been committed (in this process). */
  wakeUps: Observable<unknown>;
  /** Fallback poll for commits made by other processes. */
  pollMs: number;
  pageSize?: number;
}

/**
 * Follows the store from a checkpoint. Catch-up and live are the same loop: read every
 * page after the last delivered position, then sleep until a wake-up or the poll.
 * Because positions are gap-free and assigned in commit order, reading "after the
 * last delivered position" can neither skip nor repeat an event across the switch.
 */
export function followAll(after: number, options: FollowOptions): Observable<StoredEvent> {
  const pageSize = options.pageSize ?? 500;
  return new Observable<StoredEvent>((subscriber) => {
    let checkpoint = after;
    let closed = false;
    let reading = false;
    let again = false;
    let timer: NodeJS.Timeout | undefined;

    const drain = async (): Promise<void> => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          for (;;) {
            const page = await options.readAfter(checkpoint, pageSize);
            for (const event of page) {
              if (closed) return;
              checkpoint = event.position;
              subscriber.next(event);
            }
            if (page.length < pageSize) break;
          }
        } while (again && !closed);
      } catch (error) {
        if (!closed) subscriber.error(error);
        closed = true;
      } finally {
        reading = false;
      }
    };
    const poll = (): void => {
      if (closed) return;
      timer = setTimeout(() => void drain().then(poll), options.pollMs);
      timer.unref?.();
    };

    const wake: Subscription = options.wakeUps.subscribe(() => void drain());
    void drain().then(poll);
    return () => {
      closed = true;
      wake.unsubscribe();
      if (timer) clearTimeout(timer);
    };
  });
}
