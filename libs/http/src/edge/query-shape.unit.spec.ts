import { InvalidRequestInput } from './invalid-input.error';
import { assertPlainQueryNames, assertSafeValues } from './query-shape';

const query = (entries: Record<string, string | string[]>) => Object.assign(Object.create(null), entries);

describe('assertPlainQueryNames', () => {
  it('accepts names given once', () => {
    expect(() => assertPlainQueryNames(query({ state: 'a', limit: '10', q: '' }))).not.toThrow();
    expect(() => assertPlainQueryNames(undefined)).not.toThrow();
  });

  it('refuses a repeated name, naming it', () => {
    expect(() => assertPlainQueryNames(query({ limit: '1', state: ['a', 'b'] }))).toThrow(
      new InvalidRequestInput('state', 'notRepeated', 'query parameter state is given more than once; give it once'),
    );
  });

  it.each(['state[]', 'a[b]', 'a]'])('refuses the bracketed name %s', (name) => {
    let caught: unknown;
    try {
      assertPlainQueryNames(query({ [name]: '1' }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidRequestInput);
    expect((caught as InvalidRequestInput).details[0].field).toBe(name);
  });
});

describe('assertSafeValues', () => {
  it('accepts ordinary and non-ASCII values', () => {
    expect(() => assertSafeValues(query({ q: 'Genève 😀', id: 'abc' }), 'query')).not.toThrow();
  });

  it('refuses NUL and lone surrogates in a value, naming the parameter', () => {
    expect(() => assertSafeValues(query({ q: 'a\u0000' }), 'query')).toThrow(/^q must not contain U\+0000/);
    expect(() => assertSafeValues(query({ id: '\ud800' }), 'path')).toThrow(/^id must not contain/);
    expect(() => assertSafeValues(query({ state: ['ok', 'b\udc00'] }), 'query')).toThrow(/^state must not/);
  });

  it('refuses an unsafe name without echoing it', () => {
    expect(() => assertSafeValues(query({ 'a\u0000': '1' }), 'query')).toThrow('a query parameter name must not contain U+0000 or an unpaired UTF-16 surrogate');
  });
});
