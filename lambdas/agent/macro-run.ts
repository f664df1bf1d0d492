import { ConflictError, DomainError } from '#core/errors';
import type { Macro } from '#core/macros';
import type { OutboundMessage } from '#core/messages';
import { interactionId, outboundInteraction, type Interaction, type Ticket } from '#core/model';
import { applyTicketActions, describeChanges, type TicketActionChange } from '#core/ticket-actions';
import { renderVariables, textForLocale, ticketVariables } from '#core/ticket-variables';
import { replyWindow } from '#channels/social/window';
import { csatRequest } from './csat';
import type { Agent, AgentApiDeps } from './router';
import { bump, changeTicket, internalInteraction, shortHash } from './ticket-change';

export interface MacroRunResult {
  readonly ticketId: string;
  readonly outcome: 'applied' | 'already-applied' | 'unchanged' | 'failed';
  readonly changes: readonly TicketActionChange[];
  readonly replied: boolean;
  readonly error?: string;
}

/** How many macro runs a ticket remembers (a retry comes within seconds; the item stays small). */
const RECENT_RUNS = 5;
/** Tickets changed at once in one run: the table's writes and the outbound queue stay unhurried. */
const CONCURRENCY = 5;

export interface MacroRunContext {
  readonly agent: Agent;
  readonly agentName?: string | undefined;
  readonly now: Date;
  readonly requestId: string;
}

/** Runs the macro on each ticket; one ticket's failure (gone, closed reply window) does not stop the others. */
export async function runMacro(deps: AgentApiDeps, macro: Macro, ticketIds: readonly string[], ctx: MacroRunContext): Promise<MacroRunResult[]> {
  const results: MacroRunResult[] = new Array(ticketIds.length);
  let next = 0;
  const worker = async () => {
    while (next < ticketIds.length) {
      const i = next++;
      const ticketId = ticketIds[i]!;
      try {
        results[i] = await runOn(deps, macro, ticketId, ctx);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        results[i] = { ticketId, outcome: 'failed', changes: [], replied: false, error: e.message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ticketIds.length) }, worker));
  return results;
}

async function runOn(deps: AgentApiDeps, macro: Macro, ticketId: string, ctx: MacroRunContext): Promise<MacroRunResult> {
  const nowIso = ctx.now.toISOString();
  const mark = shortHash(`macro#${ctx.requestId}`).slice(0, 10);
  const clientKey = `macro-${mark}`;
  const replyTexts = macro.actions.reply;
  let sent: OutboundMessage[] = [];
  let changes: TicketActionChange[] = [];
  const { result } = await changeTicket(deps.store, ticketId, (t) => {
    sent = [];
    if (t.recentMacroRuns?.includes(mark)) return 'unchanged';
    const applied = applyTicketActions(t, macro.actions, { nowIso, by: ctx.agent.sub });
    changes = applied.changes;
    const vars = ticketVariables(t, ctx.agentName);
    const interactions: Interaction[] = [];
    let fields: Partial<Ticket> = { recentMacroRuns: [...(t.recentMacroRuns ?? []), mark].slice(-RECENT_RUNS) };
    let reply: { message: OutboundMessage; interaction: Interaction } | undefined;
    const text = replyTexts ? textForLocale(replyTexts, t.locale) : undefined;
    if (text) {
      reply = agentReply(t, renderVariables(text, vars), { nowIso, agent: ctx.agent.sub, clientKey, now: ctx.now });
      interactions.push(reply.interaction);
      sent.push(reply.message);
      fields = { ...fields, ...replyFacts(t, nowIso, ctx.agent.sub) };
    }
    if (macro.actions.note) interactions.push(internalInteraction(t, nowIso, ctx.agent.sub, { kind: 'note', text: renderVariables(macro.actions.note, vars) }));
    if (!changes.length && !interactions.length) return 'unchanged';
    const what = [describeChanges(changes), reply ? 'replied' : '', macro.actions.note ? 'note' : ''].filter(Boolean).join(', ');
    interactions.unshift(
      internalInteraction(t, nowIso, ctx.agent.sub, {
        kind: 'event',
        text: `macro "${macro.name}": ${what}`,
        event: { type: 'macro', to: { macro: macro.id, name: macro.name, changes, replied: Boolean(reply) } },
      }),
    );
    const ticket = bump(applied.ticket, nowIso, fields);
    if (changes.some((c) => c.field === 'status' && c.to === 'resolved') && t.customerAddress) {
      const csat = csatRequest(ticket, { key: deps.csat.key, publicUrl: deps.csat.publicUrl, resolvedAt: nowIso, to: t.customerAddress });
      interactions.push(csat.interaction);
      sent.push(csat.message);
    }
    return { ticket, interactions, ...(reply ? { reply: { clientKey, ...reply } } : {}) };
  });
  if (result === 'committed') {
    await deps.outbound.sendAll(sent);
    return { ticketId, outcome: 'applied', changes, replied: sent.some((m) => m.kind === 'agent_reply') };
  }
  // Ran before under this request id: its reply goes out again only if it never did (the queue and the sender's lease keep it to one delivery).
  const earlier = replyTexts ? await deps.store.getReply(ticketId, clientKey) : undefined;
  if (earlier) {
    const delivery = await deps.store.getDelivery(ticketId, earlier.interaction.key);
    if (delivery?.status === 'pending') await deps.outbound.send(earlier.message);
    return { ticketId, outcome: 'already-applied', changes: [], replied: true };
  }
  const ran = result === 'duplicate' || (await deps.store.getTicket(ticketId))?.recentMacroRuns?.includes(mark);
  return { ticketId, outcome: ran ? 'already-applied' : 'unchanged', changes: [], replied: false };
}

/** The reply as POST /tickets/{id}/replies makes it: on the ticket's channel, to the customer's address. */
function agentReply(t: Ticket, text: string, p: { nowIso: string; agent: string; clientKey: string; now: Date }) {
  const window = replyWindow(t.channel, t.lastInboundAt, p.now);
  if (!window.open && !window.templateRequired) throw new ConflictError(window.reason!);
  if (!t.customerAddress) throw new ConflictError(`ticket ${t.id} has no customer address to answer (erased?)`);
  const outboundId = shortHash(`reply#${t.id}#${p.clientKey}`);
  const message: OutboundMessage = {
    outboundId,
    ticketId: t.id,
    interactionKey: interactionId(p.nowIso, outboundId),
    kind: 'agent_reply',
    channel: t.channel,
    to: t.customerAddress,
    conversationKey: t.conversationKey,
    ...(t.subject ? { subject: t.subject } : {}),
    text,
    locale: t.locale,
    createdAt: p.nowIso,
  };
  return { message, interaction: outboundInteraction(message, t.customerId, p.agent) };
}

/** The metrics' facts an agent's reply sets (as the reply route does). */
function replyFacts(t: Ticket, nowIso: string, agent: string): Partial<Ticket> {
  return {
    handling: 'human',
    agentReplies: (t.agentReplies ?? 0) + 1,
    repliesByAgent: { ...t.repliesByAgent, [agent]: (t.repliesByAgent?.[agent] ?? 0) + 1 },
    ...(t.firstResponseAt ? {} : { firstResponseAt: nowIso, firstResponder: 'human' as const, firstResponseBy: agent }),
    ...(t.firstResponseAt && !t.humanResponseAt && t.firstResponder !== 'human' ? { humanResponseAt: nowIso } : {}),
  };
}
