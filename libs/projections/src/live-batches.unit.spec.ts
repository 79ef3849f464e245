import { Subject } from 'rxjs';
import { URGENT_BATCH_MS, liveBatches } from './live-batches';

describe('liveBatches', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  function gather(ms: number, max: number, urgent = () => false) {
    const source = new Subject<number>();
    const hurry = new Subject<void>();
    const pages: { at: number; page: number[] }[] = [];
    const subscription = source.pipe(liveBatches<number>(ms, max, urgent, hurry)).subscribe((page) => pages.push({ at: Date.now(), page }));
    return { source, hurry, pages, subscription };
  }

  it('makes a page of what arrives within the wait after its first event', () => {
    const { source, pages } = gather(200, 500);
    source.next(1);
    jest.advanceTimersByTime(150);
    source.next(2);
    jest.advanceTimersByTime(49);
    expect(pages).toEqual([]);
    jest.advanceTimersByTime(1);
    source.next(3);
    jest.advanceTimersByTime(200);
    expect(pages).toEqual([{ at: 200, page: [1, 2] }, { at: 400, page: [3] }]);
  });

  it('ends a page at once when it is full', () => {
    const { source, pages } = gather(200, 2);
    source.next(1);
    source.next(2);
    source.next(3);
    expect(pages).toEqual([{ at: 0, page: [1, 2] }]);
    jest.advanceTimersByTime(200);
    expect(pages[1]).toEqual({ at: 200, page: [3] });
  });

  it('waits no longer than the urgent wait while a reader waits, and a hurry shortens the page in hand', () => {
    let waiting = true;
    const { source, hurry, pages } = gather(200, 500, () => waiting);
    source.next(1);
    jest.advanceTimersByTime(URGENT_BATCH_MS);
    expect(pages).toEqual([{ at: URGENT_BATCH_MS, page: [1] }]);
    waiting = false;
    source.next(2);
    jest.advanceTimersByTime(50);
    hurry.next();
    jest.advanceTimersByTime(URGENT_BATCH_MS);
    expect(pages[1]).toEqual({ at: 50 + 2 * URGENT_BATCH_MS, page: [2] });
    // A hurry with nothing gathered starts nothing.
    hurry.next();
    jest.advanceTimersByTime(1000);
    expect(pages).toHaveLength(2);
  });

  it('hands over what it holds when the stream ends, and leaves no timer once unsubscribed', () => {
    const { source, pages, subscription } = gather(200, 500);
    source.next(1);
    source.complete();
    expect(pages).toEqual([{ at: 0, page: [1] }]);
    const other = gather(200, 500);
    other.source.next(2);
    other.subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
    subscription.unsubscribe();
  });
});
