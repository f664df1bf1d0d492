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
/** A target's letter where the ticket item stores it. */
const LETTER: Record<SlaTarget, string> = { first_response: 'f', next_response: 'n', resolution: 'r' };
const TARGET_OF: Record<string, SlaTarget> = { f: 'first_response', n: 'next_response', r: 'resolution' };

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

const SECOND_MS = 1000;
/**
 * A due time or escalation keeps whole seconds, rounded up (never early; the ticket item stays small).
 * A start keeps its milliseconds: it is compared with people's replies, which can fall in the same second.
 */
const ceilSecond = (ms: number) => Math.ceil(ms / SECOND_MS) * SECOND_MS;

/** A clock of `hours` business hours from `start`; the escalation at `share` of them. */
export function startClock(start: Date, hours: number, share: number, calendar: BusinessCalendar = ALWAYS_OPEN): SlaClock {
  return {
    startedAt: start.toISOString(),
    dueAt: new Date(ceilSecond(addBusinessTime(start, hours * HOUR_MS, calendar).getTime())).toISOString(),
    escalateAt: new Date(ceilSecond(addBusinessTime(start, hours * share * HOUR_MS, calendar).getTime())).toISOString(),
  };
}

/** A ticket's calendar: its team's named calendar, else the default one (open all the time without one). */
export function calendarOf(
  calendarName: string | undefined,
  calendars: { readonly default?: BusinessCalendar | undefined; readonly named?: Readonly<Record<string, BusinessCalendar>> | undefined },
): BusinessCalendar {
  return (calendarName ? calendars.named?.[calendarName] : undefined) ?? calendars.default ?? ALWAYS_OPEN;
}

/** A ticket's SLA as the core reads it (slaStateOf): beside firstResponseDueAt and slaBreachedAt (the first response's own). */
export interface SlaState {
  readonly policy: string;
  /** The calendar the clocks count in (a team's named one); the default calendar when absent. */
  readonly calendar?: string;
  readonly clocks: Readonly<Partial<Record<SlaTarget, SlaClock>>>;
  /** Per target, the due time whose escalation was sent: one escalation per clock. */
  readonly escalated?: Readonly<Partial<Record<SlaTarget, string>>>;
  /** Per target, the due time that was breached: one breach per clock. */
  readonly breached?: Readonly<Partial<Record<SlaTarget, string>>>;
}

/** What the metrics count, short as it stays on the ticket: `<e|b>|<policy>|<f|n|r>` (escalated or breached, the target's letter) → how many times. */
export const slaCountKey = (kind: 'escalated' | 'breached', policy: string, target: SlaTarget) => `${kind[0]}|${policy}|${LETTER[target]}`;

export function parseSlaCountKey(key: string): { kind: 'escalated' | 'breached'; policy: string; target: SlaTarget } | undefined {
  const [k, policy, letter] = key.split('|');
  const kind = k === 'e' ? 'escalated' : k === 'b' ? 'breached' : undefined;
  const target = TARGET_OF[letter ?? ''];
  return kind && policy && target ? { kind, policy, target } : undefined;
}

/** When people last replied: the latest agent reply, else their first answer. */
export const lastPeopleReplyAt = (t: Ticket): string | undefined =>
  t.lastAgentReplyAt ?? t.humanResponseAt ?? (t.firstResponder === 'human' ? t.firstResponseAt : undefined);

/**
 * What the ticket item stores of its SLA: the policy, the calendar, and its clocks in one short string
 * (`f=<due>,<escalate>,<start>[,E][,B];n=…;r=…`, epoch seconds in base 36, the start in milliseconds; E escalated, B breached),
 * about 100 bytes for three clocks where readable ones took 600: the ticket item stays under 1 KB.
 */
export interface TicketSla {
  readonly policy: string;
  readonly calendar?: string;
  readonly clocks: string;
}

const enc = (iso: string) => Math.floor(Date.parse(iso) / SECOND_MS).toString(36);
const dec = (s: string) => new Date(Number.parseInt(s, 36) * SECOND_MS).toISOString();
const encMs = (iso: string) => Date.parse(iso).toString(36);
const decMs = (s: string) => new Date(Number.parseInt(s, 36)).toISOString();

/** The stored form of a state. */
export function storedSla(s: SlaState): TicketSla {
  const clocks = SLA_TARGETS.flatMap((target) => {
    const c = s.clocks[target];
    if (!c) return [];
    const flags = [s.escalated?.[target] === c.dueAt ? 'E' : '', s.breached?.[target] === c.dueAt ? 'B' : ''].filter(Boolean);
    return [`${LETTER[target]}=${[enc(c.dueAt), enc(c.escalateAt), encMs(c.startedAt), ...flags].join(',')}`];
  }).join(';');
  return { policy: s.policy, ...(s.calendar ? { calendar: s.calendar } : {}), clocks };
}

/** The state of a ticket's stored SLA; undefined for a ticket from before there were policies. */
export function slaStateOf(t: Pick<Ticket, 'sla'>): SlaState | undefined {
  if (!t.sla) return undefined;
  const clocks: Partial<Record<SlaTarget, SlaClock>> = {};
  const escalated: Partial<Record<SlaTarget, string>> = {};
  const breached: Partial<Record<SlaTarget, string>> = {};
  for (const entry of t.sla.clocks ? t.sla.clocks.split(';') : []) {
    const [letter, fields] = entry.split('=');
    const target = TARGET_OF[letter ?? ''];
    const [due, escalate, start, ...flags] = (fields ?? '').split(',');
    if (!target || !due || !escalate || !start) continue;
    const c = { dueAt: dec(due), escalateAt: dec(escalate), startedAt: decMs(start) };
    clocks[target] = c;
    if (flags.includes('E')) escalated[target] = c.dueAt;
    if (flags.includes('B')) breached[target] = c.dueAt;
  }
  return { policy: t.sla.policy, ...(t.sla.calendar ? { calendar: t.sla.calendar } : {}), clocks, escalated, breached };
}
