import { ALWAYS_OPEN, type BusinessCalendar, type CalendarSetting, calendarFromSetting } from '#core/business-time';
import type { TeamDirectory } from '#core/teams';

/** The SLA's calendars as the configuration built them (BUSINESS_HOURS, BUSINESS_CALENDARS), and the teams that name them. */
export interface AgentSlaDeps {
  readonly calendars: { readonly default?: CalendarSetting | undefined; readonly named: Readonly<Record<string, CalendarSetting>> };
  readonly teams: Pick<TeamDirectory, 'teams'>;
}

/** Team id → the calendar its tickets count in: its named calendar, else the default (open all the time without one). */
export async function teamCalendarResolver(deps: AgentSlaDeps | undefined): Promise<(team: string | undefined) => BusinessCalendar> {
  if (!deps) return () => ALWAYS_OPEN;
  const fallback = deps.calendars.default ? calendarFromSetting(deps.calendars.default) : ALWAYS_OPEN;
  const named = new Map(Object.entries(deps.calendars.named).map(([name, s]) => [name, calendarFromSetting(s)]));
  const byTeam = new Map((await deps.teams.teams()).flatMap((t) => (t.calendar && named.has(t.calendar) ? [[t.id, named.get(t.calendar)!] as const] : [])));
  return (team) => (team ? byTeam.get(team) : undefined) ?? fallback;
}
