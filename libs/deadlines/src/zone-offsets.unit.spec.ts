import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { ZoneOffsets } from './zone-offsets';

const FROM = Date.UTC(1970, 0, 1);
const TO = Date.UTC(2060, 0, 1);
const luxonOffset = (zone: string, ms: number) => IANAZone.create(zone).offset(ms);

describe('ZoneOffsets: luxon offsets, looked up once a day', () => {
  it('gives luxon offset at any instant of any zone since 1970', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    fc.assert(fc.property(fc.constantFrom(...zones), fc.integer({ min: FROM, max: TO }), (zone, ms) => {
      expect(ZoneOffsets.of(zone)!.offset(ms)).toBe(luxonOffset(zone, ms));
    }), { numRuns: 3000 });
  });

  it('changes offset at the very second luxon does, in zones with odd changes', () => {
    // Half-hour DST (Lord Howe), a skipped day (Apia 2011), a change at midnight (Santiago), 45-minute offsets (Chatham).
    for (const zone of ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia', 'America/Santiago', 'Pacific/Chatham']) {
      const offsets = ZoneOffsets.of(zone)!;
      for (let day = Date.UTC(2011, 0, 1); day < Date.UTC(2012, 0, 1); day += 86_400_000) {
        if (luxonOffset(zone, day) === luxonOffset(zone, day + 86_400_000)) continue;
        for (let ms = day; ms <= day + 86_400_000; ms += 15 * 60_000) {
          for (const at of [ms - 1, ms, ms + 999]) expect([zone, at, offsets.offset(at)]).toEqual([zone, at, luxonOffset(zone, at)]);
        }
      }
    }
  });

  it('is only for IANA zone names, the others being luxon own business', () => {
    expect(ZoneOffsets.of('Europe/Paris')).not.toBeNull();
    expect(ZoneOffsets.of('utc')!.offset(Date.UTC(2026, 6, 1))).toBe(0);
    for (const name of ['UTC+3', 'utc-1', 'local', 'system', 'Mars/Olympus']) expect(ZoneOffsets.of(name)).toBeNull();
  });
});
