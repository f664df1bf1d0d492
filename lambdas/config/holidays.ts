import Holidays from 'date-holidays';
import { localDate, localTime } from '#core/business-time';

const DAY_MS = 86_400_000;

export class UnknownHolidayCountryError extends Error {
  override name = 'UnknownHolidayCountryError';
}

/**
 * The local dates a country's public holidays close, from date-holidays (Turkish bayrams move every
 * year: Ramazan and Kurban Bayramı follow the Hijri calendar). The library gives each holiday as an
 * interval (an Islamic day begins at the evening before); a date is closed when the interval covers
 * more than half of it, so Ramazan Bayramı 2026 closes 20–22 March and not the evening of the 19th.
 * Computed when the stack is built (CDK synth, `npm start`), for the years asked.
 */
export function publicHolidayDates(o: { country: string; state?: string | undefined; timeZone: string; years: readonly number[] }): string[] {
  const hd = o.state ? new Holidays(o.country, o.state, { types: ['public'] }) : new Holidays(o.country, { types: ['public'] });
  if (!hd.getCountries()[o.country]) throw new UnknownHolidayCountryError(`no holiday data for country "${o.country}" (an ISO 3166-1 code such as TR)`);
  const closed = new Set<string>();
  for (const year of o.years) {
    for (const h of hd.getHolidays(year) || []) {
      if (h.type !== 'public') continue;
      const start = h.start.getTime();
      const end = h.end.getTime();
      // Every local day the interval touches, kept when more than half of it is inside.
      for (let t = start; t < end; t += DAY_MS / 2) {
        const l = localTime(t, o.timeZone);
        const dayStart = t - l.minute * 60_000 - (t % 60_000);
        const covered = Math.min(end, dayStart + DAY_MS) - Math.max(start, dayStart);
        if (covered > DAY_MS / 2) closed.add(localDate(l));
      }
    }
  }
  return [...closed].sort();
}
