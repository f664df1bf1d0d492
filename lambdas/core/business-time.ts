/**
 * Business time: when a team is open, in its own time zone, and how far a span of open hours
 * reaches. SLA due times, the customer's "we will answer by …" and the out-of-hours answer all come
 * from here, so they always agree. A calendar is weekly hours minus closed days (public holidays from
 * the holiday library, computed when the stack is built, and the shop's own); no library at run time.
 */
export interface BusinessCalendar {
  /** An IANA zone (Europe/Istanbul). */
  readonly timeZone: string;
  /** Open spans per weekday (0 = Sunday … 6 = Saturday), minutes from local midnight, [start, end), sorted. */
  readonly weekly: readonly (readonly OpenSpan[])[];
  /** Local dates (YYYY-MM-DD) closed all day. */
  readonly closed: ReadonlySet<string>;
}

export type OpenSpan = readonly [startMinute: number, endMinute: number];

const MINUTE_MS = 60_000;
/** How far ahead an opening is looked for: a calendar closed longer than this is closed. */
const SEARCH_DAYS = 400;

/** Open all the time: the calendar of a shop that configured none. */
export const ALWAYS_OPEN: BusinessCalendar = { timeZone: 'UTC', weekly: Array.from({ length: 7 }, () => [[0, 1440]] as const), closed: new Set() };

export const isAlwaysOpen = (c: BusinessCalendar) => c.closed.size === 0 && c.weekly.every((d) => d.length === 1 && d[0]![0] === 0 && d[0]![1] === 1440);

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly minute: number;
}

/** The wall-clock date and minute of an instant in a zone. */
export function localTime(at: number, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** The zone's offset from UTC at an instant, in ms (Istanbul: +3 h all year). */
function offsetAt(at: number, timeZone: string): number {
  const l = localTime(at, timeZone);
  const seconds = new Date(at).getUTCSeconds();
  return Date.UTC(l.year, l.month - 1, l.day, 0, l.minute, seconds) - (at - (at % 1000));
}

/** The instant a wall-clock time in a zone names (a time a DST change skips moves forward by the gap). */
export function zonedInstant(year: number, month: number, day: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, 0, minute);
  let at = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(at, timeZone);
  if (second !== at) at = Math.min(at, second);
  return at;
}

export const localDate = (l: Pick<LocalTime, 'year' | 'month' | 'day'>) => `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;

/** The open spans of one local day as instants: none on a closed day. */
function openSpansOn(year: number, month: number, day: number, c: BusinessCalendar): [number, number][] {
  if (c.closed.has(localDate({ year, month, day }))) return [];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return (c.weekly[weekday] ?? []).map(([s, e]) => [zonedInstant(year, month, day, s, c.timeZone), zonedInstant(year, month, day, e, c.timeZone)]);
}

/** The open spans from `from` on, day by day, as long as the caller takes them. */
function* openSpansFrom(from: number, c: BusinessCalendar): Generator<[number, number]> {
  const start = localTime(from, c.timeZone);
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const d = new Date(Date.UTC(start.year, start.month - 1, start.day + i));
    for (const [s, e] of openSpansOn(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), c)) {
      if (e <= from) continue;
      yield [Math.max(s, from), e];
    }
  }
}

export function isOpen(at: Date, c: BusinessCalendar): boolean {
  const next = openSpansFrom(at.getTime(), c).next();
  return !next.done && next.value[0] <= at.getTime();
}

/** When the team is next open: `at` itself when open now; undefined when closed for over a year. */
export function nextOpening(at: Date, c: BusinessCalendar): Date | undefined {
  const next = openSpansFrom(at.getTime(), c).next();
  return next.done ? undefined : new Date(next.value[0]);
}

/**
 * The instant `ms` of open time after `from`: an SLA of 8 hours asked at 17:00 on a Friday with
 * 09:00–18:00 weekdays is due at 16:00 on Monday (a holiday Monday: Tuesday).
 */
export function addBusinessTime(from: Date, ms: number, c: BusinessCalendar): Date {
  if (isAlwaysOpen(c)) return new Date(from.getTime() + ms);
  let left = ms;
  for (const [s, e] of openSpansFrom(from.getTime(), c)) {
    if (e - s >= left) return new Date(s + left);
    left -= e - s;
  }
  throw new RangeError(`the calendar has no ${Math.round(ms / MINUTE_MS)} open minutes within ${SEARCH_DAYS} days`);
}

/** Open time between two instants, in ms: what the metrics count as first response in business time. */
export function businessTimeBetween(from: Date, to: Date, c: BusinessCalendar): number {
  if (to <= from) return 0;
  if (isAlwaysOpen(c)) return to.getTime() - from.getTime();
  let total = 0;
  for (const [s, e] of openSpansFrom(from.getTime(), c)) {
    if (s >= to.getTime()) break;
    total += Math.min(e, to.getTime()) - s;
  }
  return total;
}

/**
 * The calendar as the functions get it (an environment variable, built from the configuration): weekly spans in minutes, and closed
 * days per year as days of the year, so ten years of a country's holidays take a few hundred bytes.
 */
export interface CalendarSetting {
  readonly tz: string;
  readonly weekly: readonly (readonly OpenSpan[])[];
  readonly closed: Readonly<Record<string, readonly number[]>>;
}

/** Back from the setting to the calendar the core computes with. */
export function calendarFromSetting(s: CalendarSetting): BusinessCalendar {
  const closed = new Set<string>();
  for (const [year, days] of Object.entries(s.closed)) for (const d of days) closed.add(new Date(Date.UTC(Number(year), 0, d)).toISOString().slice(0, 10));
  return { timeZone: s.tz, weekly: s.weekly, closed };
}
