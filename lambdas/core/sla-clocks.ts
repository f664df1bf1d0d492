import type { BusinessCalendar } from './business-time';
import type { Ticket } from './model';
import { nextTimerAt } from './sla-decision';
import {
  calendarOf,
  lastPeopleReplyAt,
  SLA_TARGETS,
  type SlaClock,
  type SlaSettings,
  type SlaTarget,
  slaPolicyFor,
  slaStateOf,
  startClock,
  storedSla,
} from './sla-policy';

/** What setting a ticket's SLA clocks needs: the policies, the calendars, and which calendar each team counts in. */
export interface SlaClockSettings {
  readonly sla: SlaSettings;
  readonly calendars: { readonly default?: BusinessCalendar | undefined; readonly named?: Readonly<Record<string, BusinessCalendar>> | undefined };
  /** Team id → the name of its calendar (Team.calendar). */
  readonly teamCalendars?: Readonly<Record<string, string>> | undefined;
}

const isDone = (t: Ticket) => t.status === 'resolved' || t.status === 'closed';

/** The ticket's calendar name: its team's, when the configuration has that calendar. */
export function ticketCalendarName(t: Pick<Ticket, 'team'>, s: Pick<SlaClockSettings, 'calendars' | 'teamCalendars'>): string | undefined {
  const name = t.team ? s.teamCalendars?.[t.team] : undefined;
  return name && s.calendars.named?.[name] ? name : undefined;
}

/**
 * A customer message has been planned onto the ticket (`next`; `previous` as it was, absent for a new
 * ticket): its SLA clocks for the policy of its priority and channel, counted in its calendar.
 * - first response: from the ticket's opening, restarted at a handoff, moved earlier when a raised
 *   priority makes it due sooner (firstResponseDueAt follows it);
 * - next response: starts at a customer message once a person has answered, unless one is running;
 * - resolution: starts when people get the ticket and again when the customer reopens it.
 * What was escalated and breached stays: each is kept per clock (its due time).
 */
export function withSlaClocks(next: Ticket, previous: Ticket | undefined, now: Date, s: SlaClockSettings): Ticket {
  const policy = slaPolicyFor(s.sla, next.priority, next.channel);
  const calendarName = ticketCalendarName(next, s);
  const calendar = calendarOf(calendarName, s.calendars);
  const start = (target: SlaTarget): SlaClock | undefined => {
    const hours = policy.hours[target];
    return hours === undefined ? undefined : startClock(now, hours, s.sla.escalateAt, calendar);
  };
  const was = previous ? slaStateOf(previous) : undefined;
  const before = was?.clocks ?? {};
  const clocks: Partial<Record<SlaTarget, SlaClock>> = {};

  const handsOff = previous !== undefined && next.handedOffAt !== previous.handedOffAt;
  const fresh = start('first_response')!;
  const kept = previous && before.first_response?.dueAt === previous.firstResponseDueAt ? before.first_response : undefined;
  clocks.first_response =
    !previous || handsOff || fresh.dueAt < previous.firstResponseDueAt ? fresh : (kept ?? { ...fresh, dueAt: previous.firstResponseDueAt });
  if (!clocks.first_response.escalateAt || clocks.first_response.escalateAt > clocks.first_response.dueAt) {
    clocks.first_response = { ...clocks.first_response, escalateAt: clocks.first_response.dueAt };
  }

  const people = next.handling !== 'bot';
  const running = (target: SlaTarget) => previous && before[target] && nextTimerAt(previous, target) !== undefined;
  if (policy.hours.next_response !== undefined && people && previous && lastPeopleReplyAt(previous) !== undefined) {
    clocks.next_response = running('next_response') ? before.next_response : start('next_response');
  } else if (before.next_response) clocks.next_response = before.next_response;
  if (policy.hours.resolution !== undefined && people) {
    const reopened = previous !== undefined && isDone(previous);
    clocks.resolution = before.resolution && !reopened && !handsOff ? before.resolution : start('resolution');
  } else if (before.resolution) clocks.resolution = before.resolution;

  return {
    ...next,
    firstResponseDueAt: clocks.first_response.dueAt,
    sla: storedSla({
      policy: policy.name,
      ...(calendarName ? { calendar: calendarName } : {}),
      clocks,
      ...(was?.escalated ? { escalated: was.escalated } : {}),
      ...(was?.breached ? { breached: was.breached } : {}),
    }),
  };
}

/** The timers a change needs set: each owed target whose next moment is new (all owed ones with `all`). */
export function timersToSet(next: Ticket, previous: Ticket | undefined, all: boolean): { target: SlaTarget; at: string }[] {
  return SLA_TARGETS.flatMap((target) => {
    const at = nextTimerAt(next, target);
    if (at === undefined) return [];
    return all || !previous || nextTimerAt(previous, target) !== at ? [{ target, at }] : [];
  });
}
