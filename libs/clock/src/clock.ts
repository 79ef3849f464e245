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

/** A clock that stands still until set; used for demos and scenario tests. */
export class ManualClock extends Clock {
  readonly kind = 'manual';
  constructor(private current = new Date()) {
    super();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(now: Date): void {
    this.current = new Date(now.getTime());
  }
}
