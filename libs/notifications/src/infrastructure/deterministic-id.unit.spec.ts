import { deterministicId } from './deterministic-id';

describe('deterministicId', () => {
  it('gives the ids rows already stored carry: a changed derivation would write every notification again', () => {
    expect(deterministicId('participant-1', 'reminder:closes:1:P7D', 'deadline.reminder')).toBe('4fd634b5-b7ca-5b43-b910-2001c16866bd');
    expect(deterministicId('only')).toBe('f8969a18-a0da-5b6f-99b4-2990613def0b');
  });

  it('lays ids out as a version 5 UUID with the RFC 4122 variant', () => {
    for (let i = 0; i < 200; i += 1) expect(deterministicId(`owner-${i}`, 'source', 'type')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('tells apart parts that would run together unseparated', () => {
    expect(deterministicId('ab', 'c')).not.toBe(deterministicId('a', 'bc'));
  });
});
