import type { FastifyRequest } from 'fastify';
import { Unauthorized } from '@consult/auth';
import { requestCaller, tokenCheckedStrictly } from './request-caller';

const request = (url: string, route?: string, extra: Partial<FastifyRequest> = {}) =>
  ({ url, routeOptions: { url: route }, headers: {}, caller: null, ...extra }) as unknown as FastifyRequest;

describe('tokenCheckedStrictly', () => {
  it.each([
    ['/api/consultations', '/api/consultations'],
    ['/api/deadlines?until=x', '/api/deadlines'],
    ['/api/nothing', undefined],
    ['/api', undefined],
    ['/%61pi/consultations', '/api/consultations'],
    ['/api/docs', '/api/docs'],
    ['/api/docs-json', '/api/docs-json'],
    ['/api/docs/swagger-ui.css', '/api/docs/*'],
  ])('checks %s strictly', (url, route) => {
    expect(tokenCheckedStrictly(request(url, route))).toBe(true);
  });

  it.each([
    ['/health', '/health'],
    ['/metrics', '/metrics'],
    ['/', '/'],
  ])('ignores a bad token on %s', (url, route) => {
    expect(tokenCheckedStrictly(request(url, route))).toBe(false);
  });
});

describe('requestCaller', () => {
  it('is the caller the hook put on the request', () => {
    const caller = { kind: 'token', sub: 's', role: 'auditor' } as const;
    expect(requestCaller(request('/api/x', undefined, { caller }))).toBe(caller);
  });

  it('is the public for a request without a token that the hook did not see', () => {
    expect(requestCaller(request('/api/x'))).toEqual({ kind: 'public' });
  });

  it('refuses a token nobody verified rather than reading it as the public', () => {
    expect(() => requestCaller(request('/api/x', undefined, { headers: { authorization: 'Bearer x' } }))).toThrow(Unauthorized);
  });
});
