import fc from 'fast-check';

/** Names an object inherits from Object.prototype, and the keys that pollute prototypes. */
export const PROTOTYPE_NAMES = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'toJSON',
];

/** Strings PostgreSQL or JSON cannot hold faithfully, or that change meaning in SQL LIKE, paths and terminals. */
export const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\uD800', '\uDFFF', 'x\uD83D', '\uDE00y', '🎉', 'مرحبا', '\u202Eevil', '\u200B', '%', '_', '%%', '\\',
  "'; DROP TABLE events; --", '"', '<script>alert(1)</script>', '../../etc/passwd', '\r\n', '\t', 'NaN', 'Infinity', '-0', 'null', 'undefined',
  'true', '1e20', '-1', '0x10', '１２３', ...PROTOTYPE_NAMES,
];

/** Number-like query and body values: out of range, not integers, not numbers. */
export const NUMBER_SHAPES = [
  '0', '1', '-1', '1.5', '1e20', '-1e20', '1e309', 'NaN', 'Infinity', '-Infinity', '9007199254740993', '0x10', '0b1', ' 1', '1 ', '',
  '00001', '+1', '1_000', '500', '501', '100000000000000000000000000',
];

/** Dates of every shape: valid instants, impossible days, missing offsets, words, extreme years. */
export const DATE_SHAPES = [
  '2030-01-01T00:00:00Z', '2030-01-01T00:00:00+01:00', '2030-01-01T00:00:00.123456789Z', '2031-01-01T00:00:00-12:00',
  '2020-02-30T00:00:00Z', '2030-02-29T00:00:00Z', '2030-13-01T00:00:00Z', '2030-01-01T24:00:00Z', '2030-01-01T23:59:60Z',
  '2030-01-01T00:00:00', '2030-01-01', '2030-01', '2030', 'March 7, 2030', 'Tue, 01 Jan 2030 00:00:00 GMT', '1', '0', '-1', '1e20',
  '+275760-09-13T00:00:00.000Z', '+275760-09-14T00:00:00.000Z', '-271821-04-20T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z',
  '2030-01-01T00:00:00+25:00', '2030-01-01T00:00:00z', '2030-01-01 00:00:00Z', '2030-W01-1', 'now', 'today', '',
];

/** Any of the nasty strings, or a generated one with code units of every kind (surrogates and NUL included). */
export const nastyString = (): fc.Arbitrary<string> => fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** A long string: under and over typical field limits, and over the 1 MB body limit. */
export const hugeString = (): fc.Arbitrary<string> => fc.oneof(
  fc.constantFrom(300, 1_000, 10_001, 100_000).chain((n) => fc.constantFrom('x', 'é', '🎉', '\u0000').map((c) => c.repeat(n))),
  fc.constant('x'.repeat(1_100_000)),
);

/** A value of the wrong type or shape for whatever field it replaces. */
export const weirdValue = (): fc.Arbitrary<unknown> => fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e20, -1e20, Number.MAX_SAFE_INTEGER + 2, [], {}, [[]], [null], { '': '' }),
  nastyString(),
  fc.constantFrom(...DATE_SHAPES),
  fc.constantFrom(...NUMBER_SHAPES),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom(...PROTOTYPE_NAMES, 'a', 'type', 'payload'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  { weight: 1, arbitrary: hugeString() },
);

/** Bodies that are not JSON, or are JSON only in some parsers: truncated, duplicated keys, BOM, raw NUL. */
export const INVALID_JSON = [
  '{', '}', '[', '{"type":', '{"a":1,}', "{'a':1}", 'NaN', 'undefined', '\uFEFF{}', '"unterminated', '{"a":1}{"b":2}', '1e999999', '-',
  '{"type":"withdraw","type":"toString","payload":{"reason":"r"}}', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}',
  'null', '""', '[]', '0', 'true', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"a":"\u0000"}', '{"a"\u0000:1}', '{"a":01}', '{"a":.5}', '{"a":+1}',
  '{"a":1e400}', '{"a":-0}', '\u0000', ' ', '{"a":"\\x41"}', '<xml/>', 'a=1&b=2', '{"a":[1,2,]}', '\n\n{}\n\n',
];

/** Text nested `depth` levels deep, arrays or objects. */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + '1' + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Content types: right, wrong, odd charsets, case, lists. */
export const CONTENT_TYPES = [
  'application/json', 'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'APPLICATION/JSON',
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/vnd.api+json',
  'application/merge-patch+json', 'application/json, text/plain', 'application/octet-stream', 'application/json; charset=utf-16', '',
];
