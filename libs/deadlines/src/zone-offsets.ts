import { IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
/** Days a zone remembers before it starts again: a few decades of deadlines, a few MB at most. */
const MAX_DAYS = 50_000;

/** One UTC day of a zone: its offset, or the second it changes and the offsets either side. */
interface ZoneDay {
  before: number;
  after: number;
  /** The first millisecond of the second from which `after` holds (`before` == `after`: none). */
  change: number;
}

/**
 * A zone's UTC offsets (minutes, as luxon's `IANAZone.offset` gives them), looked up once a
 * day of the calendar instead of once an instant: luxon asks `Intl` for every offset, which
 * was most of a projection rebuild. A day whose two ends have the same offset is taken to
 * keep it all day (no zone has changed its offset twice within a day since 1970, checked
 * against luxon in zone-offsets.unit.spec.ts); a day whose ends differ is searched for the
 * second of its change, the resolution of luxon's own answer.
 */
export class ZoneOffsets {
  private readonly days = new Map<number, ZoneDay>();

  private constructor(private readonly zone: IANAZone) {}

  private static readonly zones = new Map<string, ZoneOffsets | null>();

  /** The offsets of an IANA zone (or `UTC`), or null for a name luxon reads otherwise (`UTC+3`, `local`) or not at all. */
  static of(name: string): ZoneOffsets | null {
    let zone = ZoneOffsets.zones.get(name);
    if (zone === undefined) {
      // luxon reads `utc` and `gmt` as a fixed zero offset, as the IANA `UTC` gives.
      const plain = /^(utc|gmt)$/i.test(name) || (!/^(utc|gmt|local$|system$)/i.test(name) && IANAZone.isValidZone(name));
      zone = plain ? new ZoneOffsets(IANAZone.create(/^(utc|gmt)$/i.test(name) ? 'UTC' : name)) : null;
      ZoneOffsets.zones.set(name, zone);
    }
    return zone;
  }

  /** The offset at `ms` (epoch milliseconds), exactly as `IANAZone.offset(ms)` gives it. */
  offset(ms: number): number {
    const index = Math.floor(ms / DAY_MS);
    const day = this.days.get(index) ?? this.learn(index);
    return ms >= day.change ? day.after : day.before;
  }

  private learn(index: number): ZoneDay {
    if (this.days.size >= MAX_DAYS) this.days.clear();
    const start = index * DAY_MS;
    const before = this.zone.offset(start);
    const after = this.zone.offset(start + DAY_MS);
    const day = { before, after, change: before === after ? start : this.changeBetween(start, start + DAY_MS, after) };
    this.days.set(index, day);
    return day;
  }

  /** The first second in (`from`, `to`] whose offset is `after`, `from` having another one. */
  private changeBetween(from: number, to: number, after: number): number {
    let low = from / 1000;
    let high = to / 1000;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (this.zone.offset(middle * 1000) === after) high = middle;
      else low = middle;
    }
    return high * 1000;
  }
}
