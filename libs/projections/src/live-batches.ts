import { Observable, type OperatorFunction } from 'rxjs';

/** How long a page waits for more events while someone waits for the projector to reach a position. */
export const URGENT_BATCH_MS = 10;

/**
 * Gathers a live stream of events into pages: a page is what arrived within `ms` of its first
 * event, at most `max` events. While `urgent()` says a reader is waiting on the projector, a
 * page waits at most `URGENT_BATCH_MS`, and a `hurry` notice shortens the page being gathered to
 * that. So a projector whose pages may wait long (fewer, larger transactions) still answers a
 * reader as quickly as one with short pages.
 */
export function liveBatches<T>(ms: number, max: number, urgent: () => boolean, hurry: Observable<void>): OperatorFunction<T, T[]> {
  return (source) => new Observable<T[]>((subscriber) => {
    let page: T[] = [];
    let timer: NodeJS.Timeout | undefined;
    let due = Infinity;
    const emit = () => {
      if (timer) clearTimeout(timer);
      [timer, due] = [undefined, Infinity];
      if (page.length === 0) return;
      const full = page;
      page = [];
      subscriber.next(full);
    };
    const emitWithin = (wait: number) => {
      if (Date.now() + wait >= due) return;
      if (timer) clearTimeout(timer);
      due = Date.now() + wait;
      timer = setTimeout(emit, wait);
    };
    const events = source.subscribe({
      next(event) {
        page.push(event);
        if (page.length >= max) emit();
        else emitWithin(urgent() ? Math.min(ms, URGENT_BATCH_MS) : ms);
      },
      error(error) {
        subscriber.error(error);
      },
      complete() {
        emit();
        subscriber.complete();
      },
    });
    const hurries = hurry.subscribe(() => {
      if (page.length > 0) emitWithin(Math.min(ms, URGENT_BATCH_MS));
    });
    return () => {
      events.unsubscribe();
      hurries.unsubscribe();
      if (timer) clearTimeout(timer);
    };
  });
}
