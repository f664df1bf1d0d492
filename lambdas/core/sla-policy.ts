import { addBusinessTime, ALWAYS_OPEN, type BusinessCalendar } from './business-time';
import type { Channel } from './messages';
import type { Priority, Ticket } from './model';

/**
 * SLA policies (issue 21): per priority and optionally channel, how long people have for the first
 * response, for each next response (a customer wrote again after a person answered) and for the
 * resolution, all in business time of the ticket's team calendar. At a share of each target (80% by
 * default) the assignee or the team is told; at the due time the team lead.
 */
export const SLA_TARGETS = ['first_response', 'next_response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

export interface SlaPolicyRule {
  readonly name: string;
  /** Matches these priorities (any when absent). */
  readonly priorities?: readonly Priority[];
  /** Matches these channels (any when absent). */
  readonly channels?: readonly Channel[];
  readonly firstResponseHours?: number;
  readonly nextResponseHours?: number;
  readonly resolutionHours?: number;
}

export interface SlaSettings {
  /** The configuration's first-response hours and their per-priority overrides: what a rule without them uses. */
  readonly firstResponseHours: number;
  readonly byPriority: Partial<Record<Priority, number>>;
  /** Evaluated in order; the first that matches the ticket's priority and channel is its policy. */
  readonly policies: readonly SlaPolicyRule[];
  /** The share of a target's business time after which people are told (0.8). */
  readonly escalateAt: number;
}

/** A ticket's policy: its name (what the metrics count by) and the hours of each target it has. */
export interface SlaPolicy {
  readonly name: string;
  readonly hours: Readonly<Partial<Record<SlaTarget, number>>>;
}

/** The policy of a configuration that has none: its first-response hours by priority, no other target. */
export const DEFAULT_POLICY_NAME = 'default';

export function slaPolicyFor(s: SlaSettings, priority: Priority, channel: Channel): SlaPolicy {
  const rule = s.policies.find((p) => (!p.priorities || p.priorities.includes(priority)) && (!p.channels || p.channels.includes(channel)));
  const first = rule?.firstResponseHours ?? s.byPriority[priority] ?? s.firstResponseHours;
  return {
    name: rule?.name ?? DEFAULT_POLICY_NAME,
    hours: {
      first_response: first,
      ...(rule?.nextResponseHours !== undefined ? { next_response: rule.nextResponseHours } : {}),
      ...(rule?.resolutionHours !== undefined ? { resolution: rule.resolutionHours } : {}),
    },
  };
}

/** One target's running clock: when it started, when it falls due, when people are told before that. */
export interface SlaClock {
  readonly startedAt: string;
  readonly dueAt: string;
  readonly escalateAt: string;
}

const HOUR_MS = 3_600_000;

/** A clock of `hours` business hours from `start`; the escalation at `share` of them. */
export function startClock(start: Date, hours: number, share: number, calendar: BusinessCalendar = ALWAYS_OPEN): SlaClock {
  return {
    startedAt: start.toISOString(),
    dueAt: addBusinessTime(start, hours * HOUR_MS, calendar).toISOString(),
    escalateAt: addBusinessTime(start, hours * share * HOUR_MS, calendar).toISOString(),
  };
}

/** A ticket's calendar: its team's named calendar, else the default one (open all the time without one). */
export function calendarOf(
  calendarName: string | undefined,
  calendars: { readonly default?: BusinessCalendar | undefined; readonly named?: Readonly<Record<string, BusinessCalendar>> | undefined },
): BusinessCalendar {
  return (calendarName ? calendars.named?.[calendarName] : undefined) ?? calendars.default ?? ALWAYS_OPEN;
}

/** What the ticket carries of its SLA beside firstResponseDueAt and slaBreachedAt (the first response's own). */
export interface TicketSla {
  readonly policy: string;
  /** The calendar the clocks count in (a team's named one); the default calendar when absent. */
  readonly calendar?: string;
  readonly clocks: Readonly<Partial<Record<SlaTarget, SlaClock>>>;
  /** Per target, the due time whose escalation was sent: one escalation per clock. */
  readonly escalated?: Readonly<Partial<Record<SlaTarget, string>>>;
  /** Per target, the due time that was breached: one breach per clock. */
  readonly breached?: Readonly<Partial<Record<SlaTarget, string>>>;
}

/** What the metrics count: `<escalated|breached>|<policy>|<target>` → how many times on this ticket. */
export const slaCountKey = (kind: 'escalated' | 'breached', policy: string, target: SlaTarget) => `${kind}|${policy}|${target}`;

export function parseSlaCountKey(key: string): { kind: 'escalated' | 'breached'; policy: string; target: SlaTarget } | undefined {
  const [kind, policy, target] = key.split('|');
  if ((kind !== 'escalated' && kind !== 'breached') || !policy || !SLA_TARGETS.includes(target as SlaTarget)) return undefined;
  return { kind, policy, target: target as SlaTarget };
}

/** When people last replied: the latest agent reply, else their first answer. */
export const lastPeopleReplyAt = (t: Ticket): string | undefined =>
  t.lastAgentReplyAt ?? t.humanResponseAt ?? (t.firstResponder === 'human' ? t.firstResponseAt : undefined);

const isDone = (t: Ticket) => t.status === 'resolved' || t.status === 'closed';

/**
 * Whether people still owe the target on the ticket as it is now: the first response until people
 * answered (core/sla), the next response until a person replied after the customer's message, the
 * resolution until the ticket is resolved. A ticket the bot is answering owes nothing.
 */
export function targetOpen(t: Ticket, target: Exclude<SlaTarget, 'first_response'>): boolean {
  const clock = t.sla?.clocks[target];
  if (!clock || t.handling === 'bot' || isDone(t)) return false;
  if (target === 'resolution') return true;
  const replied = lastPeopleReplyAt(t);
  return replied === undefined || replied < clock.startedAt;
}
