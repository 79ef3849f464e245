import { InvalidRequestInput } from './invalid-input.error';
import { MAX_JSON_DEPTH, assertJsonDepth, parseJsonBody } from './json-body';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** The refusal `parse` throws, for its field and message. */
function refusal(parse: () => unknown): InvalidRequestInput {
  try {
    parse();
  } catch (error) {
    if (error instanceof InvalidRequestInput) return error;
    throw error;
  }
  throw new Error('expected a refusal, got none');
}

describe('assertJsonDepth', () => {
  it('accepts nesting up to the limit and refuses one level more, naming the limit', () => {
    expect(() => assertJsonDepth('[[[1]]]', 3)).not.toThrow();
    expect(() => assertJsonDepth('{"a":{"b":[1]}}', 3)).not.toThrow();
    expect(refusal(() => assertJsonDepth('[[[[1]]]]', 3)).message).toBe('the body nests deeper than 3 levels');
  });

  it('counts siblings at their own depth, not cumulatively', () => {
    expect(() => assertJsonDepth('[[1],[2],[3],{"a":4},[[5]]]', 3)).not.toThrow();
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(() => assertJsonDepth('{"a":"[[[[{{{{"}', 1)).not.toThrow();
    expect(() => assertJsonDepth('["\\"[[[[", "\\\\"]', 1)).not.toThrow();
    // After an escaped backslash the quote closes the string, so the brackets count again.
    expect(() => assertJsonDepth('["\\\\",[[1]]]', 2)).toThrow(InvalidRequestInput);
  });

  it('scans 10,000 levels without recursion', () => {
    expect(() => assertJsonDepth('['.repeat(10_000) + ']'.repeat(10_000), MAX_JSON_DEPTH)).toThrow(/deeper than 32/);
  });
});

describe('parseJsonBody', () => {
  it('parses an ordinary body, non-ASCII text and surrogate pairs included', () => {
    const body = { title: { ar: 'مشاورة', zh: '咨询' }, emoji: '\ud83d\ude00', n: [1, 2.5, null, true] };
    expect(parseJsonBody(bytes(JSON.stringify(body)))).toEqual(body);
    expect(parseJsonBody(bytes('{"pair":"\\ud83d\\ude00"}'))).toEqual({ pair: '😀' });
  });

  it('refuses invalid UTF-8 rather than replacing it', () => {
    const invalid = Buffer.concat([bytes('{"text":"a'), Buffer.from([0xff, 0xfe]), bytes('"}')]);
    expect(refusal(() => parseJsonBody(invalid))).toMatchObject({ message: 'the body is not valid UTF-8', details: [{ field: 'body' }] });
    // An encoded surrogate (CESU-8) is not UTF-8 either.
    expect(() => parseJsonBody(Buffer.concat([bytes('"'), Buffer.from([0xed, 0xa0, 0x80]), bytes('"')]))).toThrow(/UTF-8/);
  });

  it('refuses an empty body and malformed JSON with a 400', () => {
    expect(refusal(() => parseJsonBody(bytes('  '))).message).toMatch(/empty/);
    const malformed = refusal(() => parseJsonBody(bytes('{"a":')));
    expect(malformed.message).toMatch(/^the body is not valid JSON/);
    expect(malformed.statusCode).toBe(400);
  });

  it('refuses nesting deeper than the limit before parsing', () => {
    const deep = '{"a":'.repeat(33) + '1' + '}'.repeat(33);
    expect(refusal(() => parseJsonBody(bytes(deep))).details).toEqual([
      { field: 'body', constraints: { maxDepth: 'the body nests deeper than 32 levels' } },
    ]);
    expect(() => parseJsonBody(bytes('{"a":'.repeat(32) + '1' + '}'.repeat(32)))).not.toThrow();
  });

  it.each([
    ['{"text":"a\\u0000b"}', 'text'],
    ['{"payload":{"sections":[{"title":"ok"},{"title":"\\ud800"}]}}', 'payload.sections.1.title'],
    ['{"a":["\\udc00x"]}', 'a.0'],
    ['{"a":"x\\ud800"}', 'a'],
    ['"\\u0000"', 'body'],
  ])('refuses NUL and lone surrogates in %s, naming %s', (json, field) => {
    const error = refusal(() => parseJsonBody(bytes(json)));
    expect(error.details).toEqual([{ field, constraints: { wellFormedText: `${field} must not contain U+0000 or an unpaired UTF-16 surrogate` } }]);
  });

  it('refuses unsafe text in keys, naming the object that holds them', () => {
    expect(refusal(() => parseJsonBody(bytes('{"payload":{"a\\u0000":1}}'))).details[0].field).toBe('payload');
    expect(refusal(() => parseJsonBody(bytes('{"\\udfff":1}'))).message).toBe('a field name in the body must not contain U+0000 or an unpaired UTF-16 surrogate');
  });

  it.each([
    ['{"__proto__":{"admin":true}}', '__proto__'],
    ['{"payload":{"\\u005f_proto__":{}}}', 'payload.__proto__'],
    ['{"a":[{"constructor":{"prototype":{"x":1}}}]}', 'a.0.constructor'],
  ])('refuses prototype-poisoning keys in %s', (json, field) => {
    expect(refusal(() => parseJsonBody(bytes(json))).details[0]).toMatchObject({ field, constraints: { noPrototypeKeys: expect.any(String) } });
  });

  it('lets an ordinary "constructor" field through', () => {
    expect(parseJsonBody(bytes('{"constructor":"Ada","x":{"constructor":{"name":"y"}}}'))).toEqual({ constructor: 'Ada', x: { constructor: { name: 'y' } } });
  });
});
