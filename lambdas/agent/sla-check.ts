import { NotFoundError, PoisonMessageError } from '#core/errors';
import { interactionId } from '#core/model';
import { slaTimerInputSchema, slaVerdict, type SlaTimerInput, type SlaVerdict } from '#core/sla';
import { asyncEventHandler } from '#http/async-event';
import { logger, MetricUnit, metrics } from '#observability';
import type { AgentStore } from './ports';
import { bump, changeTicket, internalInteraction, shortHash } from './ticket-change';

export interface SlaCheckDeps {
  readonly store: Pick<AgentStore, 'getTicket' | 'commitTicketChange'>;
  readonly now?: () => Date;
}

export interface SlaCheckResult {
  readonly ticketId: string;
  /** 'breached' only for the one run that recorded it; every other run says why it did nothing. */
  readonly outcome: 'breached' | Exclude<SlaVerdict, { breach: true }>['reason'];
}

/**
 * A ticket's timer fired: record the breach if the ticket is still unanswered past its due time.
 * The breach is a version-guarded ticket write that also requires slaBreachedAt to be absent, with an
 * event whose key is derived from the ticket, so a repeated or concurrent run records it once.
 */
export async function checkSla(deps: SlaCheckDeps, input: SlaTimerInput): Promise<SlaCheckResult> {
  const nowIso = (deps.now ?? (() => new Date()))().toISOString();
  let verdict: SlaVerdict = { breach: false, reason: 'unknown' };
  try {
    const { result } = await changeTicket(deps.store, input.ticketId, (t) => {
      verdict = slaVerdict(t, input.dueAt);
      if (!verdict.breach) return 'unchanged';
      const due = verdict.dueAt;
      const event = internalInteraction(t, due, 'system', {
        key: interactionId(due, shortHash(`sla_breached#${t.id}`)),
        kind: 'event',
        text: `sla_breached: no first response by ${due}`,
        event: { type: 'sla_breached', from: null, to: due },
      });
      return { ticket: bump(t, nowIso, { slaBreachedAt: due }), interactions: [event], setsOnce: 'slaBreachedAt' };
    });
    if (result === 'committed') return { ticketId: input.ticketId, outcome: 'breached' };
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
  }
  return { ticketId: input.ticketId, outcome: verdict.breach ? 'already_breached' : verdict.reason };
}

/**
 * EventBridge Scheduler invokes the checker asynchronously with the schedule's input (the timer) as the
 * event. A malformed timer can never succeed: it fails, and after Lambda's retries rests in the
 * dead-letter queue with the error, never silently dropped.
 */
export function makeSlaCheckHandler(deps: SlaCheckDeps) {
  return asyncEventHandler(
    (event: unknown) => ({ timer: event }),
    async (event: unknown) => {
      const parsed = slaTimerInputSchema.safeParse(event);
      if (!parsed.success) throw new PoisonMessageError(`not an SLA timer: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
      const input: SlaTimerInput = parsed.data;
      const result = await checkSla(deps, input);
      logger.info('sla timer checked', { ticketId: input.ticketId, dueAt: input.dueAt, outcome: result.outcome });
      if (result.outcome === 'breached') metrics.addMetric('SlaBreaches', MetricUnit.Count, 1);
      return result;
    },
  );
}
