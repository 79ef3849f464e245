import { hash } from 'node:crypto';

/**
 * A UUID (version 5 layout) derived from `parts`: the same parts always give the same id, so a
 * row written twice is recognised by its key, not looked up first.
 */
export function deterministicId(...parts: string[]): string {
  const hex = hash('sha1', parts.join('\u0000'), 'hex');
  // The version (5) and RFC 4122 variant nibbles, as uuid v5 sets them. Plain concatenation and a
  // table: 10,000 ids a notification are common, and this is most of what each one costs outside SHA-1.
  return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-5' + hex.slice(13, 16) + '-' + VARIANT[hex[16]] + hex.slice(17, 20) + '-' + hex.slice(20, 32);
}

/** The variant nibble (binary 10xx) for each hex digit: its two low bits kept. */
const VARIANT: Readonly<Record<string, string>> = Object.fromEntries(
  [...'0123456789abcdef'].map((digit) => [digit, ((parseInt(digit, 16) & 0x3) | 0x8).toString(16)]),
);
