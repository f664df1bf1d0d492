import * as z from 'zod';
import type { CalendarSetting, OpenSpan } from '#core/business-time';
import { publicHolidayDates } from './holidays';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const SPAN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

const minutes = (hh: string, mm: string) => Number(hh) * 60 + Number(mm);

const spanSchema = z
  .string()
  .regex(SPAN, 'a span of the day as HH:MM-HH:MM, e.g. 09:00-18:00')
  .refine((s) => {
    const m = SPAN.exec(s);
    if (!m) return true; // the pattern's own message says what is wrong
    const [, sh, sm, eh, em] = m;
    const end = minutes(eh!, em!);
    return minutes(sh!, sm!) < end && end <= 1440;
  }, 'a span must end after it starts, at 24:00 at the latest');

function timeZoneKnown(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Monday to Friday 09:00–18:00: what a calendar without `weekly` has. */
const OFFICE_HOURS = { mon: ['09:00-18:00'], tue: ['09:00-18:00'], wed: ['09:00-18:00'], thu: ['09:00-18:00'], fri: ['09:00-18:00'] };

/**
 * A team's business hours (`businessHours` in destek.config.json): its time zone, weekly hours,
 * the public holidays of a country (from date-holidays; `false` for none) and the shop's own closed days.
 */
export const businessHoursSchema = z
  .object({
    timeZone: z.string().refine(timeZoneKnown, 'an IANA time zone such as Europe/Istanbul').default('Europe/Istanbul'),
    weekly: z
      .object(
        Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(spanSchema).optional()])) as Record<
          (typeof WEEKDAYS)[number],
          z.ZodOptional<z.ZodArray<typeof spanSchema>>
        >,
      )
      .strict()
      .default(OFFICE_HOURS)
      .refine((w) => Object.values(w).some((spans) => spans?.length), 'the week needs at least one open span'),
    holidays: z
      .union([
        z.object({ country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 country code such as TR'), state: z.string().min(1).optional() }).strict(),
        z.literal(false),
      ])
      .default({ country: 'TR' }),
    /** The shop's own closed days (YYYY-MM-DD), beside the public holidays. */
    closed: z.array(z.iso.date()).default([]),
  })
  .strict();

export type BusinessHoursConfig = z.infer<typeof businessHoursSchema>;

/** Holidays are computed for the year before the build and this many after it; a yearly deploy keeps them ahead. */
export const HOLIDAY_YEARS_AHEAD = 5;

export function calendarSetting(c: BusinessHoursConfig, now = new Date()): CalendarSetting {
  const year = now.getUTCFullYear();
  const years = Array.from({ length: HOLIDAY_YEARS_AHEAD + 2 }, (_, i) => year - 1 + i);
  const holidays = c.holidays ? publicHolidayDates({ country: c.holidays.country, state: c.holidays.state, timeZone: c.timeZone, years }) : [];
  const closed: Record<string, number[]> = {};
  for (const date of [...new Set([...holidays, ...c.closed])].sort()) {
    const y = date.slice(0, 4);
    (closed[y] ??= []).push(dayOfYear(date));
  }
  const weekly = WEEKDAYS.map((d) =>
    (c.weekly[d] ?? [])
      .map((s): OpenSpan => {
        const [, sh, sm, eh, em] = SPAN.exec(s)!;
        return [minutes(sh!, sm!), minutes(eh!, em!)];
      })
      .sort((a, b) => a[0] - b[0]),
  );
  return { tz: c.timeZone, weekly, closed };
}

const dayOfYear = (date: string) =>
  (Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) - Date.UTC(+date.slice(0, 4), 0, 1)) / 86_400_000 + 1;
