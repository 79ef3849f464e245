import { ClockMovedBackwards, ManualClock } from './clock';

describe('ManualClock', () => {
  it('may first be set to any time, a demo starting in the past', () => {
    const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
    clock.set(new Date('2020-04-01T09:00:00Z'));
    expect(clock.now().toISOString()).toBe('2020-04-01T09:00:00.000Z');
  });

  it('then moves forwards or stays, never backwards', () => {
    const clock = new ManualClock();
    clock.set(new Date('2020-04-01T09:00:00Z'));
    clock.set(new Date('2020-04-01T09:00:00Z'));
    clock.set(new Date('2020-04-02T09:00:00Z'));
    expect(() => clock.set(new Date('2020-04-02T08:59:59.999Z'))).toThrow(ClockMovedBackwards);
    expect(clock.now().toISOString()).toBe('2020-04-02T09:00:00.000Z');
  });

  it('refuses with a stable code the API answers 409 for, naming both times', () => {
    const clock = new ManualClock();
    clock.set(new Date('2020-04-02T09:00:00Z'));
    let error: unknown;
    try { clock.set(new Date('2020-04-01T09:00:00Z')); } catch (e) { error = e; }
    expect(error).toMatchObject({ code: 'CLOCK.CONFLICT', message: expect.stringMatching(/2020-04-02T09:00:00.000Z.*2020-04-01T09:00:00.000Z/) });
  });
});
