import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * Length and size limits of every free-text input, in characters (UTF-16 code units, as
 * class-validator's `@MaxLength` counts) or entries. Generous for real documents, small
 * enough that one request cannot fill the store or the read models.
 */
export const LIMITS = {
  /** Caller-chosen ids and keys: `meetingId`, `phaseKey`, contribution ids, section numbers. */
  id: 128,
  /** Short labels: `reference`, `documentRef`, `version`, `session`, `target`. */
  label: 200,
  /** One title in one language (a consultation's, a phase's, a section's). */
  title: 500,
  /** A meeting's location. */
  location: 500,
  /** The `reason` given for a change (told to addressees). */
  reason: 5_000,
  /** Longer prose: a meeting's `summary`, a decision's `note`, a proposal's reason. */
  note: 20_000,
  /** The text of one contribution. */
  text: 100_000,
  /** Languages of one localised text. */
  languages: 20,
  /** Entries of a list a person writes: sections, phases, document references, offsets. */
  list: 200,
  /** Contribution ids in one `publishContributions` (a round may have many thousands). */
  contributionIds: 10_000,
  /** A count such as a meeting's participants. */
  count: 1_000_000,
} as const;

// Calendar date, time (seconds and fraction optional), and a mandatory offset.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

const daysIn = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * True for an ISO 8601 instant with an explicit offset on a real calendar day:
 * `2020-04-23T13:00:00+02:00`, `2020-04-23T11:00Z`. A bare date, a local time, a
 * date that does not exist (`2020-02-30`) or any other spelling is not an instant.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 40) return false;
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [, year, month, day, hour, minute, second = '0', offsetHours = '0', offsetMinutes = '0'] = m;
  const n = (part: string) => Number(part);
  return n(month) >= 1 && n(month) <= 12 && n(day) >= 1 && n(day) <= daysIn(n(year), n(month))
    && n(hour) <= 23 && n(minute) <= 59 && n(second) <= 59 && n(offsetHours) <= 23 && n(offsetMinutes) <= 59
    && !Number.isNaN(Date.parse(value));
}

/** The message every instant field fails with; `$property` names the field. */
export const INSTANT_MESSAGE = '$property must be an ISO 8601 date-time with an offset (e.g. 2020-04-23T13:00:00+02:00)';

/** A full date-time with an explicit offset: a bare date or a local time is ambiguous for deadlines. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: key as string,
      options: { message: INSTANT_MESSAGE, ...options },
      validator: { validate: (value: unknown) => isInstant(value) },
    });
}

/**
 * True for `{en: '...', ar: '...'}`: 1 to `LIMITS.languages` language codes, each with
 * a non-blank text of at most `maxLength` characters (and English when `requireEnglish`).
 */
export function isLocalisedText(value: unknown, maxLength: number = LIMITS.title, requireEnglish = false): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > LIMITS.languages) return false;
  if (requireEnglish && !Object.prototype.hasOwnProperty.call(value, 'en')) return false;
  return entries.every(([lang, text]) => /^[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(lang)
    && typeof text === 'string' && text.trim() !== '' && text.length <= maxLength);
}

/** `{en: '...', ar: '...'}`: English is required because the dashboard falls back to it. */
export function IsLocalizedText(options?: ValidationOptions): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'isLocalizedText',
      target: target.constructor,
      propertyName: key as string,
      constraints: [LIMITS.title],
      options: {
        message: `$property must be an object of non-empty strings of at most ${LIMITS.title} characters by language code, with at least \`en\` and at most ${LIMITS.languages} languages`,
        ...options,
      },
      validator: { validate: (value: unknown) => isLocalisedText(value, LIMITS.title, true) },
    });
}

/** The decorated instant is not earlier than the sibling property named (an end after its start). */
export function IsNotBefore(sibling: string, options?: ValidationOptions): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName: key as string,
      constraints: [sibling],
      options: { message: `$property must not be before ${sibling}`, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const start = (args.object as Record<string, unknown>)[sibling];
          if (!isInstant(value) || !isInstant(start)) return true; // other rules report it
          return Date.parse(start) <= Date.parse(value);
        },
      },
    });
}
