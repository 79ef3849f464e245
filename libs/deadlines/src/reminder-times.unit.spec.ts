import fc from 'fast-check';
import { DEFAULT_REMINDER_OFFSETS, isReminderOffset, reminderOffsetsOf, reminderTimes, reminderTimesByLuxon } from './reminder-times';

const utc = (iso: string) => new Date(iso).toISOString();

describe('reminderTimes: offsets subtracted on the wall clock of the consultation', () => {
  it('keeps 23:59 local a day before across the spring change in Paris', () => {
    expect(reminderTimes('2026-03-30T23:59:00+02:00', ['P1D'], 'Europe/Paris')).toEqual([utc('2026-03-29T23:59:00+02:00')]);
  });

  it('keeps 23:59 local a week before, when the week straddles the spring change', () => {
    expect(reminderTimes('2026-04-01T23:59:00+02:00', ['P7D'], 'Europe/Paris')).toEqual([utc('2026-03-25T23:59:00+01:00')]);
  });

  it('keeps 23:59 local across the autumn change in Paris', () => {
    expect(reminderTimes('2026-10-26T23:59:00+01:00', ['P1D', 'P7D'], 'Europe/Paris'))
      .toEqual([utc('2026-10-25T23:59:00+01:00'), utc('2026-10-19T23:59:00+02:00')]);
  });

  it('treats hours as wall-clock time too: PT24H before 12:00 is 12:00 local the day before', () => {
    expect(reminderTimes('2026-03-09T12:00:00-04:00', ['PT24H'], 'America/New_York')).toEqual([utc('2026-03-08T12:00:00-04:00')]);
    expect(reminderTimes('2026-11-02T12:00:00-05:00', ['P1D'], 'America/New_York')).toEqual([utc('2026-11-01T12:00:00-05:00')]);
  });

  it('reads a deadline given in another offset in the consultation zone', () => {
    expect(reminderTimes('2026-03-10T03:59:00Z', ['P1D'], 'America/New_York')).toEqual([utc('2026-03-08T23:59:00-04:00')]);
  });

  it('subtracts plain days in a zone without DST (Riyadh)', () => {
    expect(reminderTimes('2026-03-30T23:59:00+03:00', ['P7D', 'P1D', 'PT2H'], 'Asia/Riyadh'))
      .toEqual(['2026-03-23T20:59:00.000Z', '2026-03-29T20:59:00.000Z', '2026-03-30T18:59:00.000Z']);
  });

  it('moves a reminder that would fall in the spring gap to the first time that exists', () => {
    expect(reminderTimes('2026-03-30T02:30:00+02:00', ['P1D'], 'Europe/Paris')).toEqual([utc('2026-03-29T03:30:00+02:00')]);
  });

  it('skips invalid offsets, zones and instants instead of throwing', () => {
    expect(reminderTimes('2026-03-30T23:59:00Z', ['P1D', 'soon', 'P0D', '-P1D', 'PT'], 'UTC')).toEqual(['2026-03-29T23:59:00.000Z']);
    expect(reminderTimes('2026-03-30T23:59:00Z', ['P1D'], 'Mars/Olympus')).toEqual([]);
    expect(reminderTimes('someday', ['P1D'], 'UTC')).toEqual([]);
  });
});

describe('reminderTimes on epoch milliseconds: the same instants as luxon alone', () => {
  const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC', 'UTC+3'];
  const OFFSETS = ['P7D', 'P1D', 'PT24H', 'PT1H', 'PT90M', 'P1W', 'P1M', 'P3M', 'P1Y2M3DT4H5M6S', 'PT2H30M', 'PT45S'];
  const two = (n: number) => String(n).padStart(2, '0');
  // Wall times in the months of the DST changes, at the hours they happen, in any offset the events may carry.
  const instant = fc.record({
    year: fc.integer({ min: 1971, max: 2060 }), month: fc.constantFrom(1, 3, 4, 9, 10, 11, 12), day: fc.integer({ min: 1, max: 31 }),
    hour: fc.constantFrom(0, 1, 2, 3, 12, 23), minute: fc.constantFrom(0, 30, 59), seconds: fc.constantFrom('', ':00', ':59', ':00.250'),
    offset: fc.constantFrom('Z', '+01:00', '+02:00', '-04:00', '-05:00', '+05:30', '+13:45', '+10:30'),
  }).map((t) => `${t.year}-${two(t.month)}-${two(t.day)}T${two(t.hour)}:${two(t.minute)}${t.seconds}${t.offset}`);

  it('gives for any deadline, zone and offsets what luxon gives', () => {
    fc.assert(fc.property(instant, fc.constantFrom(...ZONES), fc.subarray(OFFSETS, { minLength: 1 }), (at, zone, offsets) => {
      expect(reminderTimes(at, offsets, zone)).toEqual(reminderTimesByLuxon(at, offsets, zone));
    }), { numRuns: 3000 });
  });

  it('leaves to luxon what it does not read itself: no offset, 31 February, before 1970', () => {
    for (const at of ['2026-03-30T23:59:00', '2026-02-31T23:59:00Z', '1969-12-31T23:00:00Z', '2026-03-30T23:59:00.123456+02:00', '2026-03-30T24:00:00Z']) {
      expect(reminderTimes(at, ['P1D', 'P1M'], 'Europe/Paris')).toEqual(reminderTimesByLuxon(at, ['P1D', 'P1M'], 'Europe/Paris'));
    }
    expect(reminderTimes('2026-03-31T23:59:00Z', ['P100Y', 'P1D'], 'Europe/Paris')).toEqual(reminderTimesByLuxon('2026-03-31T23:59:00Z', ['P100Y', 'P1D'], 'Europe/Paris'));
  });
});

describe('reminder offsets of a launch', () => {
  it('defaults to a week and a day', () => {
    expect(reminderOffsetsOf({})).toEqual(['P7D', 'P1D']);
    expect(DEFAULT_REMINDER_OFFSETS).toEqual(['P7D', 'P1D']);
  });

  it('takes the launch offsets, without duplicates or invalid ones', () => {
    expect(reminderOffsetsOf({ reminderOffsets: ['P3D', 'P3D', 'never', 42, 'PT1H'] })).toEqual(['P3D', 'PT1H']);
    expect(reminderOffsetsOf({ reminderOffsets: [] })).toEqual([]);
  });

  it('accepts the durations the launch accepts, and nothing empty', () => {
    expect(['P7D', 'PT24H', 'P1W', 'P1Y2M3DT4H5M6S'].every(isReminderOffset)).toBe(true);
    expect(['P', 'PT', 'P0D', '7D', 'P1.5D', `P${'1'.repeat(40)}D`].some(isReminderOffset)).toBe(false);
  });
});
