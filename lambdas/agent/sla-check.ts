import type { Context } from 'aws-lambda';
import { NotFoundError, PoisonMessageError } from '#core/errors';
import { interactionId, type Ticket } from '#core/model';
import { slaTimerInputSchema, type SlaTimer, type SlaTimerInput } from '#core/sla';
import { type SlaDecision, type SlaIdleReason, slaDecision } from '#core/sla-decision';
import { noticeRecipients, type SlaNotifier, withEmail } from '#core/sla-notice';
import { slaCountKey, slaStateOf, storedSla } from '#core/sla-policy';
import type { TeamDirectory } from '#core/teams';
import { asyncEventHandler } from '#http/async-event';
import { logger, MetricUnit, metrics } from '#observability';
import type { AgentStore } from './ports';
import { bump, changeTicket, internalInteraction, shortHash } from './ticket-change';

export interface SlaCheckDeps {
  readonly store: Pick<AgentStore, 'getTicket' | 'commitTicketChange'>;
  readonly now?: () => Date;
  /** Re-arms the target's timer (its due time after an escalation); the handler binds it to itself. */
  readonly timer?: SlaTimer | ((context: Context) => SlaTimer);
  /** Who leads and belongs to the ticket's team, and the agents' e-mail addresses. */
  readonly teams?: Pick<TeamDirectory, 'team' | 'agent'>;
  /** E-mails the escalation and the breach; without it only the timeline and the console tell. */
  readonly notifier?: SlaNotifier;
}

export interface SlaCheckResult {
  readonly ticketId: string;
  /** 'breached' or 'escalated' only for the one run that recorded it; every other run says why it did nothing. */
  readonly outcome: 'breached' | 'escalated' | SlaIdleReason;
  /** Agents e-mailed by this run (when there is a notifier). */
  readonly notified?: number;
}

type Acting = Extract<SlaDecision, { action: 'breach' | 'escalate' }>;

/** The escalation or breach written on the ticket: a set-once mark per clock, a count per policy and target, an event. */
function record(t: Ticket, d: Acting, nowIso: string) {
  const kind = d.action === 'breach' ? 'breached' : 'escalated';
  const state = slaStateOf(t) ?? { policy: d.policy, clocks: {} };
  const clock = state.clocks[d.target];
  // The event's time and key come from the clock, so every run of the same timer writes the same one.
  const at = d.action === 'breach' ? d.dueAt : (clock?.escalateAt ?? d.dueAt);
  const event = internalInteraction(t, at, 'system', {
    key: interactionId(
      at,
      shortHash(d.target === 'first_response' && kind === 'breached' ? `sla_breached#${t.id}` : `sla_${kind}#${t.id}#${d.target}#${d.dueAt}`),
    ),
    kind: 'event',
    text: `sla_${kind}: ${d.target} due ${d.dueAt} (${d.policy})`,
    event: { type: `sla_${kind}`, from: null, to: d.dueAt, policy: d.policy, target: d.target },
  });
  const countKey = slaCountKey(kind, d.policy, d.target);
  const ticket = bump(t, nowIso, {
    ...(d.target === 'first_response' && kind === 'breached' ? { slaBreachedAt: d.dueAt } : {}),
    ...(t.sla ? { sla: storedSla({ ...state, [kind]: { ...state[kind], [d.target]: d.dueAt } }) } : {}),
    slaCounts: { ...t.slaCounts, [countKey]: (t.slaCounts?.[countKey] ?? 0) + 1 },
  });
  return {
    ticket,
    interactions: [event],
    ...(d.target === 'first_response' && kind === 'breached' ? { setsOnce: 'slaBreachedAt' as const } : {}),
  };
}

/**
 * A ticket's timer fired: escalate or record the breach if the target is still owed, decided from the
 * ticket as it is (core/sla-decision.ts). The write is version-guarded with an event whose key the
 * clock fixes, so a repeated or concurrent run records it once, and only the run that recorded it
 * sends the e-mails: one escalation, one mail, however often the timer fires. Then the target's timer
 * is set for its next moment (the due time after an escalation).
 */
export async function checkSla(deps: SlaCheckDeps, input: SlaTimerInput, timer?: SlaTimer): Promise<SlaCheckResult> {
  const nowIso = (deps.now ?? (() => new Date()))().toISOString();
  let decision: SlaDecision = { action: 'none', target: input.target ?? 'first_response', reason: 'unknown' };
  let ticket: Ticket | undefined;
  let committed = false;
  try {
    const out = await changeTicket(deps.store, input.ticketId, (t) => {
      decision = slaDecision(t, input);
      return decision.action === 'none' ? 'unchanged' : record(t, decision, nowIso);
    });
    ticket = out.ticket;
    committed = out.result === 'committed';
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
  }
  const d = decision as SlaDecision;
  const notified = committed && ticket && d.action !== 'none' ? await notify(deps, ticket, d) : 0;
  const rearm = timer ?? (typeof deps.timer === 'object' ? deps.timer : undefined);
  if (rearm && ticket && d.next) await rearm.ensure({ ticketId: ticket.id, dueAt: d.next, ...(d.target === 'first_response' ? {} : { target: d.target }) });
  if (committed && d.action !== 'none')
    return { ticketId: input.ticketId, outcome: d.action === 'breach' ? 'breached' : 'escalated', ...(deps.notifier ? { notified } : {}) };
  return { ticketId: input.ticketId, outcome: d.action === 'none' ? d.reason : d.action === 'breach' ? 'already_breached' : 'already_escalated' };
}

/**
 * E-mails the escalation or the breach to its recipients. A mail that cannot go is logged and counted
 * (SlaNoticeFailures), never retried by failing the run: the event is recorded, and a retried run
 * would find it and send nothing, so the mail is at most once, the console notice always.
 */
async function notify(deps: SlaCheckDeps, t: Ticket, d: Acting): Promise<number> {
  if (!deps.notifier || !deps.teams) return 0;
  const kind = d.action === 'breach' ? 'breached' : 'escalated';
  try {
    const team = t.team ? await deps.teams.team(t.team) : undefined;
    const ids = noticeRecipients(kind, t, team);
    const to = withEmail(await Promise.all(ids.map((id) => deps.teams!.agent(id))));
    if (!to.length) {
      logger.info('sla notice has nobody to e-mail', { ticketId: t.id, kind, target: d.target, team: t.team });
      return 0;
    }
    const ticket = { id: t.id, number: t.number, priority: t.priority, channel: t.channel, ...(t.subject ? { subject: t.subject } : {}) };
    await deps.notifier.notify({ kind, ticket, target: d.target, policy: d.policy, dueAt: d.dueAt, to });
    return to.length;
  } catch (error) {
    logger.error('sla notice not sent', { ticketId: t.id, kind, target: d.target, error: error as Error });
    metrics.addMetric('SlaNoticeFailures', MetricUnit.Count, 1);
    return 0;
  }
}

/**
 * EventBridge Scheduler invokes the checker asynchronously with the schedule's input (the timer) as the
 * event. A malformed timer can never succeed: it fails, and after Lambda's retries rests in the
 * dead-letter queue with the error, never silently dropped.
 */
export function makeSlaCheckHandler(deps: SlaCheckDeps) {
  return asyncEventHandler(
    (event: unknown) => ({ timer: event }),
    async (event: unknown, context: Context) => {
      const parsed = slaTimerInputSchema.safeParse(event);
      if (!parsed.success) throw new PoisonMessageError(`not an SLA timer: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
      const input: SlaTimerInput = parsed.data;
      const timer = typeof deps.timer === 'function' ? deps.timer(context) : deps.timer;
      const result = await checkSla(deps, input, timer);
      logger.info('sla timer checked', { ticketId: input.ticketId, dueAt: input.dueAt, target: input.target ?? 'first_response', outcome: result.outcome });
      if (result.outcome === 'breached') metrics.addMetric('SlaBreaches', MetricUnit.Count, 1);
      if (result.outcome === 'escalated') metrics.addMetric('SlaEscalations', MetricUnit.Count, 1);
      return result;
    },
  );
}
