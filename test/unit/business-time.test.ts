import { describe, expect, it } from 'vitest';
import { businessHoursSchema, calendarSetting } from '#config/business-hours';
import { UnknownHolidayCountryError } from '#config/holidays';
import { addBusinessTime, businessTimeBetween, calendarFromSetting, isOpen, nextOpening } from '#core/business-time';

const HOUR = 3_600_000;
/** Monday to Friday 09:00–18:00 in Istanbul, Turkish public holidays, as a shop configures it. */
const istanbul = (extra: Record<string, unknown> = {}) =>
  calendarFromSetting(calendarSetting(businessHoursSchema.parse({ ...extra }), new Date('2026-06-01T00:00:00Z')));

describe('business time', () => {
  it('an SLA asked late on a Friday falls due on Monday, counting open hours only', () => {
    // Friday 17:00 TSİ (14:00Z) + 8 h: one hour on Friday, seven on Monday → Monday 16:00 TSİ.
    expect(addBusinessTime(new Date('2026-06-05T14:00:00Z'), 8 * HOUR, istanbul()).toISOString()).toBe('2026-06-08T13:00:00.000Z');
  });

  it('skips Kurban Bayramı, whose dates the holiday library computes', () => {
    // Tuesday 26 May 2026 17:00 TSİ + 8 h: 27–30 May are Kurban Bayramı, then the weekend → Monday 1 June 16:00.
    expect(addBusinessTime(new Date('2026-05-26T14:00:00Z'), 8 * HOUR, istanbul()).toISOString()).toBe('2026-06-01T13:00:00.000Z');
    expect(isOpen(new Date('2026-05-28T10:00:00Z'), istanbul())).toBe(false);
  });

  it('crosses the year boundary in Istanbul (no DST: +03:00 on both sides) and the New Year holiday', () => {
    // Thursday 31 Dec 2026 17:30 TSİ + 2 h: half an hour that day; 1 January (holiday) and the weekend closed → Monday 4 Jan 10:30 TSİ.
    expect(addBusinessTime(new Date('2026-12-31T14:30:00Z'), 2 * HOUR, istanbul()).toISOString()).toBe('2027-01-04T07:30:00.000Z');
  });

  it("closes the shop's own days beside the public holidays", () => {
    const c = istanbul({ closed: ['2026-06-08'] });
    expect(addBusinessTime(new Date('2026-06-05T14:00:00Z'), 8 * HOUR, c).toISOString()).toBe('2026-06-09T13:00:00.000Z');
  });

  it('says when the team is next open, and counts open time between two instants', () => {
    const c = istanbul({ weekly: { mon: ['09:00-12:00', '13:00-18:00'], sat: ['10:00-14:00'] } });
    // Saturday 15:00 TSİ → Monday 09:00; Monday 12:30 (lunch) → 13:00.
    expect(nextOpening(new Date('2026-06-06T12:00:00Z'), c)?.toISOString()).toBe('2026-06-08T06:00:00.000Z');
    expect(nextOpening(new Date('2026-06-08T09:30:00Z'), c)?.toISOString()).toBe('2026-06-08T10:00:00.000Z');
    expect(isOpen(new Date('2026-06-06T08:00:00Z'), c)).toBe(true);
    // Saturday 13:00 TSİ to Monday 14:00 TSİ: 1 h Saturday + 3 h + 1 h Monday.
    expect(businessTimeBetween(new Date('2026-06-06T10:00:00Z'), new Date('2026-06-08T11:00:00Z'), c)).toBe(5 * HOUR);
  });

  it('counts elapsed time in a zone with DST: the spring-forward Sunday is 23 hours long', () => {
    const always = {
      mon: ['00:00-24:00'],
      tue: ['00:00-24:00'],
      wed: ['00:00-24:00'],
      thu: ['00:00-24:00'],
      fri: ['00:00-24:00'],
      sat: ['00:00-24:00'],
      sun: ['00:00-24:00'],
    };
    const c = istanbul({ timeZone: 'Europe/Berlin', weekly: always, holidays: false, closed: ['2026-12-24'] });
    // Saturday 28 March 2026 12:00 CET (11:00Z) + 24 h = Sunday 13:00 CEST (11:00Z): open all along.
    expect(addBusinessTime(new Date('2026-03-28T11:00:00Z'), 24 * HOUR, c).toISOString()).toBe('2026-03-29T11:00:00.000Z');
  });
});

describe('business hours in the configuration', () => {
  it('keeps seven years of holidays (the one before the build, five ahead) in about a kilobyte', () => {
    const setting = calendarSetting(businessHoursSchema.parse({}), new Date('2026-06-01T00:00:00Z'));
    expect(Object.keys(setting.closed)).toEqual(['2025', '2026', '2027', '2028', '2029', '2030', '2031']);
    expect(JSON.stringify(setting).length).toBeLessThan(1200);
  });

  it('refuses a span that ends before it starts, a week without hours and an unknown country, each by name', () => {
    expect(() => businessHoursSchema.parse({ weekly: { mon: ['18:00-09:00'] } })).toThrow(/must end after it starts/);
    expect(() => businessHoursSchema.parse({ weekly: { mon: [] } })).toThrow(/at least one open span/);
    expect(() => businessHoursSchema.parse({ weekly: { mon: ['9-18'] } })).toThrow(/HH:MM-HH:MM/);
    expect(() => calendarSetting(businessHoursSchema.parse({ holidays: { country: 'XX' } }))).toThrow(UnknownHolidayCountryError);
  });
});
