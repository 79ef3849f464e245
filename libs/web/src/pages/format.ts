import { type Language, intlLocaleOf } from './languages';

/** A date as a page shows it: the machine-readable instant and the reader's text. */
export interface ShownDate {
  iso: string;
  text: string;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

// Intl formatters are costly to build and safe to share: one per locale and zone for the process.
function dateFormat(lang: Language, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocaleOf(lang), { dateStyle: 'long', timeStyle: 'short', timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

function cached<T>(map: Map<string, T>, lang: Language, make: () => T): T {
  let value = map.get(lang);
  if (!value) map.set(lang, (value = make()));
  return value;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000], ['month', 30 * 86_400_000], ['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000],
];

const zones = new Map<string, string>();

/** A time zone Intl knows, else UTC (a stored zone from an older release must not break a page). Checked once per zone. */
export function knownZone(zone: string | undefined): string {
  if (!zone) return 'UTC';
  let known = zones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = zone;
    } catch {
      known = 'UTC';
    }
    // Zones come from stored consultations: few, but bounded all the same.
    if (zones.size < 1000) zones.set(zone, known);
  }
  return known;
}

/** Dates, counts and countdowns in one reader's language, dates in one consultation's time zone. */
export class Formatter {
  constructor(readonly lang: Language, private readonly now: Date) {}

  /** The instant in `zone` (the consultation's), in the reader's locale. */
  date(iso: string, zone: string): ShownDate {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return { iso, text: iso };
    return { iso: at.toISOString(), text: dateFormat(this.lang, knownZone(zone)).format(at) };
  }

  /** A count with the locale's digits. */
  number(value: number): string {
    return cached(numberFormats, this.lang, () => new Intl.NumberFormat(intlLocaleOf(this.lang))).format(value);
  }

  /** "in 3 days", "2 hours ago": the largest whole unit between now and `iso`. */
  countdown(iso: string): string {
    const ms = Date.parse(iso) - this.now.getTime();
    if (Number.isNaN(ms)) return '';
    const format = cached(relativeFormats, this.lang, () => new Intl.RelativeTimeFormat(intlLocaleOf(this.lang), { numeric: 'auto' }));
    for (const [unit, size] of UNITS) {
      if (Math.abs(ms) >= size) return format.format(Math.trunc(ms / size), unit);
    }
    return format.format(Math.round(ms / 60_000), 'minute');
  }
}
