/** Instants are ISO 8601 strings with an offset; compare them as instants, never as text. */
export const instant = (iso: string): number => Date.parse(iso);

export const isBefore = (a: string, b: string): boolean => instant(a) < instant(b);

export const isNotAfter = (a: string, b: string): boolean => instant(a) <= instant(b);

/** The earliest of several instants (by time, not by spelling). */
export function earliest<T>(items: T[], at: (item: T) => string): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || isBefore(at(item), at(best)) ? item : best), undefined);
}
