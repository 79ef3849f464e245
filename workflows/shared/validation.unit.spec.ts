import fc from 'fast-check';
import { validateSync } from 'class-validator';
import { IsInstant, isInstant, isLocalisedText } from './validation';

class Dated {
  @IsInstant()
  at: string;
}

const errorsFor = (at: unknown) => {
  const dto = Object.assign(new Dated(), { at });
  return validateSync(dto).map((e) => ({ property: e.property, messages: Object.values(e.constraints ?? {}) }));
};

describe('isInstant: ISO 8601 instants with an offset on a real calendar day', () => {
  it.each([
    '2020-04-23T13:00:00+02:00', '2020-04-23T11:00:00Z', '2020-04-23T11:00Z', '2020-04-23T11:00:00.123Z',
    '2020-04-23T11:00:00.123456789-05:30', '2020-02-29T00:00:00Z', '2000-02-29T23:59:59Z', '2030-03-07T10:00:00+14:00',
  ])('accepts %s', (value) => {
    expect(isInstant(value)).toBe(true);
    expect(errorsFor(value)).toEqual([]);
  });

  it.each([
    ['a day that does not exist', '2020-02-30T10:00:00Z'], ['29 February of a common year', '2019-02-29T10:00:00Z'],
    ['1900, not a leap year', '1900-02-29T10:00:00Z'], ['month 13', '2020-13-01T10:00:00Z'], ['day 0', '2020-04-00T10:00:00Z'],
    ['31 April', '2020-04-31T10:00:00Z'], ['hour 24', '2020-04-23T24:00:00Z'], ['minute 60', '2020-04-23T10:60:00Z'],
    ['second 60', '2020-04-23T10:00:60Z'], ['an offset of 24 hours', '2020-04-23T10:00:00+24:00'],
    ['a bare date', '2030-03-07'], ['a local time (no offset)', '2030-03-07T10:00:00'], ['prose', 'March 7, 2030'],
    ['a number as text', '1'], ['an offset without colon', '2030-03-07T10:00:00+0100'], ['a space for T', '2030-03-07 10:00:00Z'],
    ['a lower-case z', '2030-03-07T10:00:00z'], ['a week date', '2030-W10-4T10:00:00Z'], ['an empty string', ''],
    ['trailing text', '2030-03-07T10:00:00Z junk'], ['a five-digit year', '12030-03-07T10:00:00Z'],
  ])('refuses %s (%s)', (_why, value) => {
    expect(isInstant(value)).toBe(false);
    expect(errorsFor(value)).toEqual([{ property: 'at', messages: [expect.stringMatching(/^at must be an ISO 8601 date-time with an offset/)] }]);
  });

  it.each([[1], [null], [undefined], [{}], [['2020-04-23T11:00:00Z']], [1587640800000]])('refuses the non-string %p', (value) => {
    expect(isInstant(value)).toBe(false);
  });

  it('agrees with Date for every instant it accepts, and round-trips every Date', () => {
    fc.assert(fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
      const iso = date.toISOString();
      expect(isInstant(iso)).toBe(true);
      expect(Date.parse(iso)).toBe(date.getTime());
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ maxLength: 30 }), (text) => {
      if (isInstant(text)) expect(Number.isNaN(Date.parse(text))).toBe(false);
    }), { numRuns: 2000 });
  });
});

describe('isLocalisedText', () => {
  it('takes 1 to 20 language codes with non-blank texts up to the limit', () => {
    expect(isLocalisedText({ en: 'Title', ar: 'عنوان' })).toBe(true);
    expect(isLocalisedText({})).toBe(false);
    expect(isLocalisedText({ en: ' ' })).toBe(false);
    expect(isLocalisedText({ en: 'x'.repeat(501) })).toBe(false);
    expect(isLocalisedText({ English: 'Title' })).toBe(false);
    expect(isLocalisedText(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`l${String.fromCharCode(97 + i)}`, 'x'])))).toBe(false);
    expect(isLocalisedText({ fr: 'Titre' }, 500, true)).toBe(false);
  });
});
