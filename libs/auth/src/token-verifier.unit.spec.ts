import { VerifiedTokens, bearerToken } from './token-verifier';

const caller = { kind: 'token', sub: 's', role: 'auditor' } as const;

describe('VerifiedTokens', () => {
  it('forgets a token at its exp', () => {
    const cache = new VerifiedTokens();
    cache.remember('h', caller, 100, 0);
    expect(cache.get('h', 99_999)).toBe(caller);
    expect(cache.get('h', 100_000)).toBeUndefined();
  });

  it('trusts a verification no longer than its maximum age', () => {
    const cache = new VerifiedTokens(10, 1_000);
    cache.remember('h', caller, 100, 0);
    expect(cache.get('h', 999)).toBe(caller);
    expect(cache.get('h', 1_000)).toBeUndefined();
  });

  it('stays bounded, forgetting the oldest first', () => {
    const cache = new VerifiedTokens(2);
    for (const key of ['a', 'b', 'c']) cache.remember(key, caller, 100, 0);
    expect(['a', 'b', 'c'].map((key) => cache.get(key, 0) !== undefined)).toEqual([false, true, true]);
  });
});

describe('bearerToken', () => {
  it('takes the token of a bearer header, whatever the case of the scheme', () => {
    expect(bearerToken('bearer a.b.c')).toBe('a.b.c');
  });
});
