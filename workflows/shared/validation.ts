import { IsISO8601, Matches, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** A full date-time with an explicit offset: a bare date or a local time is ambiguous for deadlines. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    IsISO8601({ strict: true, strictSeparator: true }, options)(target, key);
    Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, {
      message: `$property must be an ISO 8601 date-time with an offset (e.g. 2020-04-23T13:00:00+02:00)`,
      ...options,
    })(target, key);
  };
}

/** `{en: '...', ar: '...'}`: English is required because the dashboard falls back to it. */
export function IsLocalizedText(options?: ValidationOptions): PropertyDecorator {
  return (target, key) =>
    registerDecorator({
      name: 'isLocalizedText',
      target: target.constructor,
      propertyName: key as string,
      options: { message: '$property must be an object of non-empty strings by language, with at least `en`', ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) &&
          typeof (value as Record<string, unknown>).en === 'string' &&
          Object.values(value).every((text) => typeof text === 'string' && text.trim() !== ''),
      },
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
          if (typeof value !== 'string' || typeof start !== 'string') return true; // other rules report it
          return Date.parse(start) <= Date.parse(value);
        },
      },
    });
}
