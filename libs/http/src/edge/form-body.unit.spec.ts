import { InvalidRequestInput } from './invalid-input.error';
import { MAX_FORM_BYTES, acceptsFormBody, parseFormBody } from './form-body';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('acceptsFormBody', () => {
  it('lets a form in only as a POST to one subscription’s unsubscribe path, query string or not', () => {
    expect(acceptsFormBody('POST', '/api/subscriptions/5f0c-42/unsubscribe')).toBe(true);
    expect(acceptsFormBody('POST', '/api/subscriptions/5f0c-42/unsubscribe?token=abc_-1')).toBe(true);
  });

  it.each([
    ['GET', '/api/subscriptions/5f0c-42/unsubscribe'],
    ['PUT', '/api/subscriptions/5f0c-42/unsubscribe'],
    ['POST', '/api/subscriptions/5f0c-42/confirm'],
    ['POST', '/api/subscriptions//unsubscribe'],
    ['POST', '/api/subscriptions/a/b/unsubscribe'],
    ['POST', '/api/subscriptions/5f0c-42/unsubscribe/'],
    ['POST', '/api/consultations/c1/commands'],
    ['POST', '/x/api/subscriptions/5f0c-42/unsubscribe'],
  ])('keeps refusing a form for %s %s', (method, url) => {
    expect(acceptsFormBody(method, url)).toBe(false);
  });
});

describe('parseFormBody', () => {
  it('parses the RFC 8058 body and percent-encoded fields', () => {
    expect(parseFormBody(bytes('List-Unsubscribe=One-Click'))).toEqual({ 'List-Unsubscribe': 'One-Click' });
    expect(parseFormBody(bytes('a=%C3%A9t%C3%A9&b=x+y'))).toEqual({ a: 'été', b: 'x y' });
    expect(parseFormBody(bytes(''))).toEqual({});
  });

  it('refuses a repeated field, a long body and too many fields with a 400', () => {
    expect(() => parseFormBody(bytes('List-Unsubscribe=One-Click&List-Unsubscribe=x'))).toThrow(/more than once/);
    expect(() => parseFormBody(bytes(`a=${'x'.repeat(MAX_FORM_BYTES)}`))).toThrow(InvalidRequestInput);
    expect(() => parseFormBody(bytes('a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9'))).toThrow(/more than 8 fields/);
  });

  it('refuses invalid UTF-8, NUL, lone surrogates and prototype-poisoning names', () => {
    expect(() => parseFormBody(Buffer.concat([bytes('a='), Buffer.from([0xff])]))).toThrow(/UTF-8/);
    expect(() => parseFormBody(bytes('a=%00'))).toThrow(InvalidRequestInput);
    expect(() => parseFormBody(bytes('__proto__=x'))).toThrow(InvalidRequestInput);
    const form = (() => { try { return parseFormBody(bytes('__proto__=x')); } catch { return {}; } })();
    expect(Object.getPrototypeOf(form)).toBe(Object.prototype);
  });
});
