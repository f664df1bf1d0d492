import { describe, expect, it } from 'vitest';
import { checkSla } from '#agent/sla-check';
import { slaFigures } from '#agent/sla-metrics';
import { businessHoursSchema, calendarSetting } from '#config/business-hours';
import { loadConfig, parseConfig } from '#config/config';
import { runtimeSettings as settingsFor } from '#config/settings';
import { addBusinessTime, calendarFromSetting, isOpen } from '#core/business-time';
import type { Ticket } from '#core/model';
import type { SlaTimerInput } from '#core/sla';
import { type SlaClockSettings, timersToSet, withSlaClocks } from '#core/sla-clocks';
import { slaDecision } from '#core/sla-decision';
import type { SlaNotice } from '#core/sla-notice';
import { slaPolicyFor, slaStateOf, storedSla } from '#core/sla-policy';
import type { AgentProfile, Team } from '#core/teams';
import { pipelineSettingsFromEnv } from '#wiring/settings';
import { FakeTickets, openEmailTicket } from './ticket-fixtures';

const HOUR = 3_600_000;
const built = new Date('2026-06-01T00:00:00Z');
/** Monday to Friday 09:00–18:00 in Istanbul with Turkish public holidays: the default calendar. */
const istanbul = (extra: Record<string, unknown> = {}) => calendarFromSetting(calendarSetting(businessHoursSchema.parse(extra), built));
/** Every day 10:00–22:00, no holidays: a team's named calendar. */
const everyDay = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, ['10:00-22:00']]));
const sevenDays = istanbul({ weekly: everyDay, holidays: false });

const settings: SlaClockSettings = {
  sla: {
    firstResponseHours: 24,
    byPriority: { urgent: 2 },
    escalateAt: 0.8,
    policies: [
      { name: 'urgent', priorities: ['urgent'], firstResponseHours: 2, nextResponseHours: 4, resolutionHours: 16 },
      { name: 'chat', channels: ['chat'], firstResponseHours: 1 },
      { name: 'standard', firstResponseHours: 8, nextResponseHours: 8, resolutionHours: 40 },
    ],
  },
  calendars: { default: istanbul(), named: { 'yedi-gun': sevenDays } },
  teamCalendars: { kargo: 'yedi-gun' },
};

/** Friday 5 June 2026, 17:00 TSİ. */
const friday = new Date('2026-06-05T14:00:00Z');
const base = openEmailTicket(friday.toISOString(), { handling: 'human' });
const opened = withSlaClocks(base, undefined, friday, settings);

describe('SLA policies in the configuration', () => {
  it('an existing configuration keeps working: no policies, 80% escalation, its first-response hours by priority', () => {
    // The repository's configuration as it was before policies.
    const raw = JSON.parse(JSON.stringify(loadConfig()));
    delete raw.sla.policies;
    delete raw.sla.escalateAt;
    const config = parseConfig(raw, 'before.json');
    expect(config.sla).toMatchObject({ firstResponseHours: 24, byPriority: { urgent: 2 }, policies: [], escalateAt: 0.8 });
    const env = settingsFor(config, ['tickets', 'brain', 'sla']);
    const s = pipelineSettingsFromEnv(env);
    expect(s.sla?.sla).toEqual({ firstResponseHours: 24, byPriority: config.sla.byPriority, policies: [], escalateAt: 0.8 });
    expect(slaPolicyFor(s.sla!.sla, 'urgent', 'chat')).toEqual({ name: 'default', hours: { first_response: 2 } });
    expect(slaPolicyFor(s.sla!.sla, 'normal', 'email')).toEqual({ name: 'default', hours: { first_response: 24 } });
    // Without calendars the SLA counts every hour, as before.
    expect(env.BUSINESS_HOURS).toBeUndefined();
    expect(env.BUSINESS_CALENDARS).toBeUndefined();
  });

  it('policies per priority and channel, named calendars and the escalation share are checked by name', () => {
    const raw = JSON.parse(JSON.stringify(loadConfig()));
    raw.sla.policies = [{ name: 'vip', priorities: ['urgent', 'high'], firstResponseHours: 1, resolutionHours: 8 }];
    raw.calendars = { 'yedi-gun': { weekly: everyDay, holidays: false } };
    const config = parseConfig(raw, 'c.json');
    expect(config.calendars?.['yedi-gun']?.timeZone).toBe('Europe/Istanbul');
    expect(JSON.parse(settingsFor(config, ['sla']).BUSINESS_CALENDARS!)['yedi-gun'].weekly[0]).toEqual([[600, 1320]]);
    const bad = (patch: (c: any) => void) => {
      const c = JSON.parse(JSON.stringify(raw));
      patch(c);
      return () => parseConfig(c, 'c.json');
    };
    expect(bad((c) => (c.sla.policies[0].priorities = ['asap']))).toThrow(/sla\.policies\.0\.priorities\.0/);
    expect(bad((c) => c.sla.policies.push({ name: 'vip' }))).toThrow(/policy names must differ/);
    expect(bad((c) => (c.sla.escalateAt = 1))).toThrow(/sla\.escalateAt/);
    expect(bad((c) => (c.calendars = { 'Yedi Gün': {} }))).toThrow(/calendars/);
  });

  it('the first policy matching the priority and channel is the ticket’s; one without a target has none', () => {
    expect(slaPolicyFor(settings.sla, 'urgent', 'chat').name).toBe('urgent');
    expect(slaPolicyFor(settings.sla, 'normal', 'chat')).toEqual({ name: 'chat', hours: { first_response: 1 } });
    expect(slaPolicyFor(settings.sla, 'low', 'email')).toEqual({ name: 'standard', hours: { first_response: 8, next_response: 8, resolution: 40 } });
  });
});

describe('Turkish holidays in business time (date-holidays)', () => {
  const c = istanbul();
  it('closes Ramazan Bayramı 2026 (20–22 March) and 2027 (9–11 March); the arife stays a working day until closing time', () => {
    // The library's bayram begins at the evening of the arife (18:00 TSİ), when a 09:00–18:00 shop has closed anyway.
    expect(isOpen(new Date('2026-03-19T14:00:00Z'), c)).toBe(true);
    for (const day of ['2026-03-20', '2026-03-21', '2026-03-22', '2027-03-09', '2027-03-10', '2027-03-11'])
      expect(isOpen(new Date(`${day}T09:00:00Z`), c)).toBe(false);
    expect(isOpen(new Date('2026-03-23T09:00:00Z'), c)).toBe(true);
    expect(isOpen(new Date('2027-03-08T14:00:00Z'), c)).toBe(true);
    expect(isOpen(new Date('2027-03-12T09:00:00Z'), c)).toBe(true);
    // Arife Thursday 19 March 2026, 17:00 TSİ + 2 h: one hour that day, then Monday 23 March 10:00 TSİ.
    expect(addBusinessTime(new Date('2026-03-19T14:00:00Z'), 2 * HOUR, c).toISOString()).toBe('2026-03-23T07:00:00.000Z');
  });

  it('closes Kurban Bayramı 2027 (16–19 May, with 19 May’s own holiday) and opens again on Thursday 20 May', () => {
    // Friday 14 May 2027 17:00 TSİ + 2 h: one hour, the weekend, Monday to Wednesday closed → Thursday 10:00 TSİ.
    expect(addBusinessTime(new Date('2027-05-14T14:00:00Z'), 2 * HOUR, c).toISOString()).toBe('2027-05-20T07:00:00.000Z');
  });

  it('a shop that closes on an arife lists it as its own closed day', () => {
    const arifeClosed = istanbul({ closed: ['2026-03-19'] });
    expect(isOpen(new Date('2026-03-19T07:00:00Z'), arifeClosed)).toBe(false);
  });
});

describe('SLA clocks on a ticket', () => {
  it('counts every target in business time from the opening, with escalation at 80%: a Friday-evening ticket is due on Monday', () => {
    expect(slaStateOf(opened)).toEqual({
      policy: 'standard',
      escalated: {},
      breached: {},
      clocks: {
        // 8 h: Friday 17–18, Monday 09:00 + 7 h → 16:00 TSİ; 80% (6 h 24 min) → 14:24 TSİ.
        first_response: { startedAt: friday.toISOString(), dueAt: '2026-06-08T13:00:00.000Z', escalateAt: '2026-06-08T11:24:00.000Z' },
        // 40 h: Friday 1 h, Monday–Thursday 36 h, Friday 12 June 09:00 + 3 h; 80% (32 h) → Thursday 13:00 TSİ.
        resolution: { startedAt: friday.toISOString(), dueAt: '2026-06-12T09:00:00.000Z', escalateAt: '2026-06-11T10:00:00.000Z' },
      },
    });
    // Stored in whole seconds (starts in milliseconds), in about a hundred bytes: the ticket item stays under 1 KB.
    expect(opened.sla).toEqual({ policy: 'standard', clocks: expect.stringMatching(/^f=\w+,\w+,\w+;r=\w+,\w+,\w+$/) });
    expect(JSON.stringify(opened.sla).length).toBeLessThan(90);
    // The customer's promise reads firstResponseDueAt: the same computation.
    expect(opened.firstResponseDueAt).toBe('2026-06-08T13:00:00.000Z');
    expect(timersToSet(opened, undefined, false)).toEqual([
      { target: 'first_response', at: '2026-06-08T11:24:00.000Z' },
      { target: 'resolution', at: '2026-06-11T10:00:00.000Z' },
    ]);
  });

  it("counts in the team's named calendar: the same ticket of a seven-day team is due on Saturday", () => {
    const t = withSlaClocks({ ...base, team: 'kargo' }, undefined, friday, settings);
    // Friday 17:00–22:00 (5 h), Saturday 10:00 + 3 h → 13:00 TSİ.
    expect(t.firstResponseDueAt).toBe('2026-06-06T10:00:00.000Z');
    expect(t.sla?.calendar).toBe('yedi-gun');
    // A team naming a calendar the configuration lacks counts in the default one.
    expect(withSlaClocks({ ...base, team: 'iade' }, undefined, friday, { ...settings, teamCalendars: { iade: 'yok' } }).firstResponseDueAt).toBe(
      '2026-06-08T13:00:00.000Z',
    );
  });

  it('starts the next-response clock when the customer writes after a person answered, keeps it while owed, starts anew after the next reply', () => {
    const answered: Ticket = { ...opened, humanResponseAt: '2026-06-08T10:00:00.000Z', firstResponseAt: '2026-06-08T10:00:00.000Z', firstResponder: 'human' };
    const monday15 = new Date('2026-06-08T12:00:00Z');
    const followUp = withSlaClocks({ ...answered, version: 2 }, answered, monday15, settings);
    // 8 h from Monday 15:00 TSİ: 3 h that day, Tuesday 09:00 + 5 h → 14:00 TSİ.
    expect(slaStateOf(followUp)?.clocks.next_response).toEqual({
      startedAt: monday15.toISOString(),
      dueAt: '2026-06-09T11:00:00.000Z',
      escalateAt: '2026-06-09T09:24:00.000Z',
    });
    const again = withSlaClocks({ ...followUp, version: 3 }, followUp, new Date('2026-06-08T13:00:00Z'), settings);
    expect(slaStateOf(again)?.clocks.next_response).toEqual(slaStateOf(followUp)?.clocks.next_response);
    expect(timersToSet(again, followUp, false)).toEqual([]);
    const replied = { ...again, lastAgentReplyAt: '2026-06-08T14:00:00.000Z' };
    // Monday 18:00 TSİ (closed): the clock starts at Tuesday's opening.
    const late = withSlaClocks({ ...replied, version: 4 }, replied, new Date('2026-06-08T15:00:00Z'), settings);
    expect(slaStateOf(late)?.clocks.next_response?.dueAt).toBe('2026-06-09T14:00:00.000Z');
  });

  it('restarts the resolution clock when the customer reopens a resolved ticket; keeps what was escalated and breached', () => {
    const resolved: Ticket = {
      ...opened,
      status: 'resolved',
      resolvedAt: '2026-06-09T08:00:00.000Z',
      sla: storedSla({ ...slaStateOf(opened)!, escalated: { first_response: slaStateOf(opened)!.clocks.first_response!.dueAt } }),
    };
    const reopenedAt = new Date('2026-06-10T07:00:00Z');
    const reopened = withSlaClocks({ ...resolved, status: 'open', version: 2 }, resolved, reopenedAt, settings);
    expect(slaStateOf(reopened)?.clocks.resolution?.startedAt).toBe(reopenedAt.toISOString());
    expect(slaStateOf(reopened)?.escalated).toEqual({ first_response: '2026-06-08T13:00:00.000Z' });
  });

  it('a ticket the bot is answering has no resolution clock and owes no timer', () => {
    const bot = withSlaClocks({ ...base, handling: 'bot', firstResponseAt: friday.toISOString(), firstResponder: 'bot' }, undefined, friday, settings);
    expect(slaStateOf(bot)?.clocks.resolution).toBeUndefined();
    expect(timersToSet(bot, undefined, true)).toEqual([]);
  });
});

const fire = (t: Ticket, at: string, target?: SlaTimerInput['target']): SlaTimerInput => ({ ticketId: t.id, dueAt: at, ...(target ? { target } : {}) });

describe('the SLA decision', () => {
  const first = slaStateOf(opened)!.clocks.first_response!;
  it('escalates at the escalation point, then breaches at the due time; the timer comes back for the due time', () => {
    expect(slaDecision(opened, fire(opened, first.escalateAt))).toEqual({
      action: 'escalate',
      target: 'first_response',
      policy: 'standard',
      dueAt: first.dueAt,
      next: first.dueAt,
    });
    const escalated = { ...opened, sla: storedSla({ ...slaStateOf(opened)!, escalated: { first_response: first.dueAt } }) };
    expect(slaDecision(escalated, fire(opened, first.escalateAt))).toMatchObject({ action: 'none', reason: 'already_escalated', next: first.dueAt });
    expect(slaDecision(escalated, fire(opened, first.dueAt))).toEqual({ action: 'breach', target: 'first_response', policy: 'standard', dueAt: first.dueAt });
  });

  it('a timer that fires early, late or for a target already met does nothing wrong', () => {
    expect(slaDecision(opened, fire(opened, friday.toISOString()))).toMatchObject({ action: 'none', reason: 'not_due', next: first.escalateAt });
    const answered = { ...opened, humanResponseAt: '2026-06-08T10:00:00.000Z' };
    expect(slaDecision(answered, fire(opened, first.escalateAt))).toMatchObject({ action: 'none', reason: 'answered' });
    const resolution = slaStateOf(opened)!.clocks.resolution!;
    const resolvedInTime = { ...opened, status: 'resolved' as const, resolvedAt: '2026-06-10T08:00:00.000Z' };
    expect(slaDecision(resolvedInTime, fire(opened, resolution.dueAt, 'resolution'))).toMatchObject({ action: 'none', reason: 'resolved' });
    const resolvedLate = { ...opened, status: 'resolved' as const, resolvedAt: '2026-06-12T10:00:00.000Z' };
    expect(slaDecision(resolvedLate, fire(opened, resolution.dueAt, 'resolution'))).toMatchObject({ action: 'breach', target: 'resolution' });
    expect(slaDecision(opened, fire(opened, resolution.dueAt, 'next_response'))).toMatchObject({ action: 'none', reason: 'no_clock' });
  });

  it('breaches a next response nobody gave in time, not one a person gave', () => {
    const answered: Ticket = { ...opened, humanResponseAt: '2026-06-08T10:00:00.000Z', firstResponseAt: '2026-06-08T10:00:00.000Z', firstResponder: 'human' };
    const waiting = withSlaClocks({ ...answered, version: 2 }, answered, new Date('2026-06-08T12:00:00Z'), settings);
    const due = slaStateOf(waiting)!.clocks.next_response!.dueAt;
    expect(slaDecision(waiting, fire(waiting, due, 'next_response'))).toMatchObject({ action: 'breach', target: 'next_response', dueAt: due });
    expect(slaDecision({ ...waiting, lastAgentReplyAt: '2026-06-09T08:00:00.000Z' }, fire(waiting, due, 'next_response'))).toMatchObject({
      reason: 'answered',
    });
  });

  it('a reply and the customer message after it in the same second: the next response is owed, and a reply later in that second answers it', () => {
    const answered: Ticket = {
      ...opened,
      lastAgentReplyAt: '2026-06-08T12:00:00.200Z',
      humanResponseAt: '2026-06-08T10:00:00.000Z',
      firstResponseAt: '2026-06-08T10:00:00.000Z',
      firstResponder: 'human',
    };
    const waiting = withSlaClocks({ ...answered, version: 2 }, answered, new Date('2026-06-08T12:00:00.700Z'), settings);
    expect(slaStateOf(waiting)?.clocks.next_response?.startedAt).toBe('2026-06-08T12:00:00.700Z');
    expect(timersToSet(waiting, answered, false).map((t) => t.target)).toContain('next_response');
    const due = slaStateOf(waiting)!.clocks.next_response!.dueAt;
    expect(slaDecision(waiting, fire(waiting, due, 'next_response'))).toMatchObject({ action: 'breach' });
    expect(slaDecision({ ...waiting, lastAgentReplyAt: '2026-06-08T12:00:00.900Z' }, fire(waiting, due, 'next_response'))).toMatchObject({
      reason: 'answered',
    });
  });
});

const team: Team = { id: 'kargo', name: 'Kargo', members: ['a1', 'a2'], lead: 'lead', assignment: 'manual', createdAt: '', updatedAt: '' };
const profile = (agentId: string, email?: string): AgentProfile => ({ agentId, presence: 'available', updatedAt: '', ...(email ? { email } : {}) });
const directory = {
  team: async (id: string) => (id === team.id ? team : undefined),
  agent: async (id: string) => ({ a1: profile('a1', 'a1@shop.example'), a2: profile('a2'), lead: profile('lead', 'lead@shop.example') })[id],
};

function harness(t: Ticket) {
  const store = new FakeTickets(t);
  const notices: SlaNotice[] = [];
  const armed: SlaTimerInput[] = [];
  const deps = {
    store,
    now: () => new Date('2026-06-08T12:00:00Z'),
    teams: directory,
    notifier: { notify: async (n: SlaNotice) => void notices.push(n) },
    timer: { ensure: async (i: SlaTimerInput) => (armed.push(i), 'created' as const) },
  };
  return { store, notices, armed, deps };
}

describe('the SLA checker: escalation and breach', () => {
  const mine = { ...opened, team: 'kargo' };
  const first = slaStateOf(mine)!.clocks.first_response!;

  it('the same escalation timer firing twice (and concurrently) escalates once, e-mails once, and re-arms for the due time', async () => {
    const h = harness(mine);
    const runs = await Promise.all([1, 2, 3].map(() => checkSla(h.deps, fire(mine, first.escalateAt))));
    expect(runs.filter((r) => r.outcome === 'escalated')).toHaveLength(1);
    await checkSla(h.deps, fire(mine, first.escalateAt));
    expect(h.notices).toHaveLength(1);
    // Unassigned: the team's members with an address.
    expect(h.notices[0]).toMatchObject({ kind: 'escalated', target: 'first_response', policy: 'standard', dueAt: first.dueAt, to: [{ agentId: 'a1' }] });
    expect(h.store.interactions).toEqual([
      expect.objectContaining({
        kind: 'event',
        at: first.escalateAt,
        event: { type: 'sla_escalated', from: null, to: first.dueAt, policy: 'standard', target: 'first_response' },
      }),
    ]);
    expect(slaStateOf(h.store.tickets.get(mine.id)!)?.escalated).toEqual({ first_response: first.dueAt });
    expect(h.store.tickets.get(mine.id)).toMatchObject({ slaCounts: { 'e|standard|f': 1 } });
    expect(new Set(h.armed.map((a) => a.dueAt))).toEqual(new Set([first.dueAt]));
  });

  it('an assigned ticket escalates to its assignee; the breach e-mails the team lead once and is counted by policy and target', async () => {
    const h = harness({ ...mine, assignee: 'a1' });
    expect(await checkSla(h.deps, fire(mine, first.escalateAt))).toMatchObject({ outcome: 'escalated', notified: 1 });
    expect(h.notices[0]!.to).toEqual([{ agentId: 'a1', email: 'a1@shop.example' }]);
    expect(await checkSla(h.deps, fire(mine, first.dueAt))).toMatchObject({ outcome: 'breached', notified: 1 });
    expect(await checkSla(h.deps, fire(mine, first.dueAt))).toMatchObject({ outcome: 'already_breached' });
    expect(h.notices.map((n) => [n.kind, n.to.map((t) => t.email)])).toEqual([
      ['escalated', ['a1@shop.example']],
      ['breached', ['lead@shop.example']],
    ]);
    expect(h.store.tickets.get(mine.id)).toMatchObject({
      slaBreachedAt: first.dueAt,
      slaCounts: { 'e|standard|f': 1, 'b|standard|f': 1 },
    });
  });

  it('a mail that cannot go leaves the escalation recorded (the console shows it) and the run succeeds', async () => {
    const h = harness(mine);
    const failing = { ...h.deps, notifier: { notify: async () => Promise.reject(new Error('SES down')) } };
    expect(await checkSla(failing, fire(mine, first.escalateAt))).toMatchObject({ outcome: 'escalated', notified: 0 });
    expect(h.store.interactions).toHaveLength(1);
  });
});

describe('SLA metrics', () => {
  it('counts escalations and breaches by policy and target and per team, with business-time medians in each team’s calendar', () => {
    const facts = [
      // Kargo (seven days): Friday 17:00 → Saturday 11:00 TSİ is 5 h + 1 h = 6 h of its time.
      {
        id: '1',
        channel: 'email' as const,
        status: 'open' as const,
        createdAt: friday.toISOString(),
        team: 'kargo',
        firstResponseAt: '2026-06-06T08:00:00.000Z',
        slaCounts: { 'e|standard|f': 1, 'b|standard|r': 2 },
      },
      // No team (default calendar): Friday 17:00 → Monday 10:00 TSİ is 1 h + 1 h.
      {
        id: '2',
        channel: 'chat' as const,
        status: 'resolved' as const,
        createdAt: friday.toISOString(),
        firstResponseAt: '2026-06-08T07:00:00.000Z',
        resolvedAt: '2026-06-08T07:00:00.000Z',
        slaBreachedAt: '2026-06-08T06:00:00.000Z',
      },
    ];
    const figures = slaFigures(facts, (t) => (t === 'kargo' ? sevenDays : istanbul()));
    expect(figures.breaches).toEqual({ standard: { resolution: 2 }, default: { first_response: 1 } });
    expect(figures.escalations).toEqual({ standard: { first_response: 1 } });
    expect(figures.byTeam.kargo).toMatchObject({ tickets: 1, breaches: 2, escalations: 1, firstResponseBusiness: { count: 1, medianMinutes: 360 } });
    expect(figures.byTeam['-']).toMatchObject({
      tickets: 1,
      breaches: 1,
      firstResponseBusiness: { medianMinutes: 120 },
      resolutionBusiness: { count: 1, p90Minutes: 120 },
    });
    expect(figures.firstResponseBusiness).toEqual({ count: 2, medianMinutes: 120, p90Minutes: 360 });
  });
});
