import { hash } from 'node:crypto';

/**
 * A UUID (version 5 layout) derived from `parts`: the same parts always give the same id, so a
 * row written twice is recognised by its key, not looked up first.
 */
export function deterministicId(...parts: string[]): string {
  const hex = hash('sha1', parts.join('\u0000'), 'hex');
  // The version (5) and RFC 4122 variant nibbles, as uuid v5 sets them.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
