import { DomainError } from '@consult/event-store';

/** Where the engine reads the time: the system clock, or a manual one set over HTTP. */
export abstract class Clock {
  abstract readonly kind: 'system' | 'manual';
  abstract now(): Date;
}

export class SystemClock extends Clock {
  readonly kind = 'system';
  now(): Date {
    return new Date();
  }
}

/** The manual clock was asked to go back: what was recorded and fired at a later time would contradict it (HTTP 409). */
export class ClockMovedBackwards extends DomainError {
  readonly code = 'CLOCK.CONFLICT';
  constructor(readonly current: Date, readonly requested: Date) {
    super(`the clock never moves backwards: it is ${current.toISOString()}, later than the requested ${requested.toISOString()}`, {
      now: current.toISOString(), requested: requested.toISOString(),
    });
  }
}

/**
 * A clock that stands still until set; used for demos and scenario tests. Until it is
 * first set it reads the time it was created at, and may be set to any time (a demo
 * starts in the past); from then on it only moves forwards.
 */
export class ManualClock extends Clock {
  readonly kind = 'manual';
  private pinned = false;

  constructor(private current = new Date()) {
    super();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  /** Sets the time; throws `ClockMovedBackwards` when earlier than a time it was set to before. */
  set(now: Date): void {
    if (this.pinned && now.getTime() < this.current.getTime()) throw new ClockMovedBackwards(this.now(), now);
    this.current = new Date(now.getTime());
    this.pinned = true;
  }
}
