import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** The largest `offset` any list takes: far beyond any real list, and safe in SQL on every dialect. */
export const MAX_OFFSET = 1_000_000_000;

/**
 * A query-string integer between `min` and `max`. Only plain decimal digits become a
 * number (`1e3`, `0x10`, `1.5`, ` 5` and an empty value stay text and fail `IsInt`), so
 * every bad spelling is a 400 naming the parameter, never a surprise in SQL.
 */
export function QueryInteger(min: number, max: number): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => (typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value))(target, key);
    IsInt()(target, key);
    Min(min)(target, key);
    Max(max)(target, key);
  };
}

/** `value` with the LIKE wildcards (`%`, `_`) and the escape character `\` escaped, for `LIKE … ESCAPE '\'`. */
export const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);
