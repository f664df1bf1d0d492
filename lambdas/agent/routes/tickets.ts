import { ConflictError, NotFoundError, ValidationError } from '#core/errors';
import type { OutboundMessage } from '#core/messages';
import { interactionId, outboundInteraction, type Interaction, type Ticket } from '#core/model';
import { json } from '#http/http';
import { csatRequest } from '#agent/csat';
import { askForNps } from '#agent/nps-survey';
import { replyWindow } from '#channels/social/window';
import { ticketFiles } from '#agent/reply-files';
import { renderInteraction, ticketView } from '#agent/representation';
import { interactionViewSchema, replySchema, ticketListSchema, ticketViewSchema, ticketWithTimelineSchema } from '#agent/responses';
import { route, type AgentApiDeps } from '#agent/router';
import { listTicketsQuery, noteBody, patchTicketBody, replyBody, ticketIdParam, ticketQuery } from '#agent/schemas';
import { bump, changeTicket, internalInteraction, shortHash } from '#agent/ticket-change';
import { afterTicketChange, peopleOf } from '#agent/people';

async function customerAddress(deps: AgentApiDeps, t: Ticket): Promise<string> {
  const address = t.customerAddress ?? (await deps.store.latestInbound(t.id))?.from;
  if (!address) throw new ConflictError(`ticket ${t.id} has no customer address to answer (erased?)`);
  return address;
}

export const ticketRoutes = [
  route({
    method: 'GET',
    path: '/tickets',
    summary: 'Tickets of a status, filtered by channel, priority, assignee, intent or SLA breach; by last update or by priority and due time',
    access: 'agent',
    query: listTicketsQuery,
    responds: { status: 200, description: 'a page of tickets', schema: ticketListSchema },
    handle: async ({ query }, deps) => {
      const page = await deps.store.queryTickets(query);
      return json(200, { items: page.items.map(ticketView), next: page.next });
    },
  }),
  route({
    method: 'GET',
    path: '/tickets/{id}',
    summary: 'A ticket, its classification and its timeline (messages, notes, events), oldest first',
    access: 'agent',
    params: ticketIdParam,
    query: ticketQuery,
    responds: { status: 200, description: 'the ticket and a page of its timeline', schema: ticketWithTimelineSchema },
    handle: async ({ params, query }, deps) => {
      const ticket = await deps.store.getTicket(params.id);
      if (!ticket) throw new NotFoundError(`ticket ${params.id} does not exist`);
      const [timeline, suggestedAnswer] = await Promise.all([deps.store.getTimeline(params.id, query.limit, query.cursor), suggestionFor(deps, ticket)]);
      return json(200, {
        ...ticketView(ticket),
        suggestedAnswer,
        timeline: await Promise.all(timeline.items.map(renderInteraction)),
        timelineNext: timeline.next,
      });
    },
  }),
  route({
    method: 'PATCH',
    path: '/tickets/{id}',
    summary: 'Change status, priority, assignee, team or tags; each change is an event on the timeline; resolving asks the customer for a rating',
    access: 'agent',
    params: ticketIdParam,
    body: patchTicketBody,
    responds: { status: 200, description: 'the ticket as changed', schema: ticketViewSchema },
    handle: async ({ params, body, agent, now }, deps) => {
      const nowIso = now.toISOString();
      let csat: OutboundMessage | undefined;
      if (body.team && !(await peopleOf(deps).directory.team(body.team)))
        throw new ValidationError(`team ${body.team} does not exist`, { team: 'no such team' });
      let before!: Ticket;
      const { ticket: changed } = await changeTicket(
        deps.store,
        params.id,
        (t) => {
          csat = undefined;
          before = t;
          const events: Interaction[] = [];
          const fields: { -readonly [K in keyof Ticket]?: Ticket[K] } = {};
          const event = (type: string, from: unknown, to: unknown) =>
            events.push(
              internalInteraction(t, nowIso, agent.sub, {
                kind: 'event',
                text: `${type}: ${String(from ?? '—')} → ${String(to ?? '—')}`,
                event: { type, from: from ?? null, to: to ?? null },
              }),
            );
          if (body.priority && body.priority !== t.priority) {
            fields.priority = body.priority;
            event('priority', t.priority, body.priority);
          }
          if (body.assignee !== undefined && (body.assignee ?? undefined) !== t.assignee) {
            if (body.assignee) fields.assignee = body.assignee;
            event('assignee', t.assignee, body.assignee);
          }
          if (body.team !== undefined && (body.team ?? undefined) !== t.team) {
            if (body.team) fields.team = body.team;
            event('team', t.team, body.team);
          }
          const tags = new Set(body.tags ?? t.tags ?? []);
          for (const tag of body.addTags ?? []) tags.add(tag);
          for (const tag of body.removeTags ?? []) tags.delete(tag);
          const nextTags = [...tags].sort();
          if (nextTags.join(',') !== [...(t.tags ?? [])].sort().join(',')) {
            fields.tags = nextTags;
            event('tags', (t.tags ?? []).join(', '), nextTags.join(', '));
          }
          const extra: Interaction[] = [];
          if (body.status && body.status !== t.status) {
            fields.status = body.status;
            event('status', t.status, body.status);
            if (body.status === 'resolved' || (body.status === 'closed' && !t.resolvedAt)) {
              fields.resolvedAt = nowIso;
              fields.resolvedBy = agent.sub;
              fields.firstResolvedAt = t.firstResolvedAt ?? nowIso;
            }
            if (body.status === 'open' || body.status === 'pending') {
              fields.resolvedAt = undefined;
              fields.resolvedBy = undefined;
            }
          }
          if (!events.length) return 'unchanged';
          let next = bump(t, nowIso, fields);
          if (body.assignee === null) next = { ...next, assignee: undefined };
          if (body.team === null) next = { ...next, team: undefined };
          if (fields.status === 'resolved' && t.customerAddress) {
            const request = csatRequest(next, { key: deps.csat.key, publicUrl: deps.csat.publicUrl, resolvedAt: nowIso, to: t.customerAddress });
            csat = request.message;
            extra.push(request.interaction);
          }
          return { ticket: next, interactions: [...events, ...extra] };
        },
        body.version,
      );
      if (csat) await deps.outbound.send(csat);
      const ticket = changed === before ? changed : await afterTicketChange(deps, before, changed);
      // In chat the survey waits for the CSAT answer (routes/csat.ts): the widget shows one row of buttons.
      if (csat && deps.nps && ticket.channel !== 'chat') await askForNps(deps.nps, deps.outbound, ticket, csat.createdAt);
      return json(200, ticketView(ticket));
    },
  }),
  route({
    method: 'POST',
    path: '/tickets/{id}/replies',
    summary: "Answer the customer on the ticket's channel (through the outbound queue)",
    access: 'agent',
    params: ticketIdParam,
    body: replyBody,
    responds: { status: 201, description: 'the reply, pending delivery (200: the reply an earlier request with this clientKey made)', schema: replySchema },
    handle: async ({ params, body, agent, now }, deps) => {
      const nowIso = now.toISOString();
      const current = await deps.store.getTicket(params.id);
      if (!current) throw new NotFoundError(`ticket ${params.id} does not exist`);
      const window = replyWindow(current.channel, current.lastInboundAt, now);
      // Say so rather than queue a message the provider will refuse. WhatsApp sends the approved
      // template instead (the sender does that); the response's replyWindow tells the agent.
      if (!window.open && !window.templateRequired) throw new ConflictError(window.reason!);
      const files = body.attachments ?? [];
      if (files.length && current.channel === 'chat') throw new ValidationError('chat replies cannot carry files', { attachments: 'not on chat' });
      if (files.length && current.conversationKey.startsWith('comment/')) {
        throw new ValidationError('files cannot be sent in answer to a comment', { attachments: 'a comment gets one answer, text only' });
      }
      if (files.length && !window.open) throw new ConflictError(`${window.reason}: only the template can go, without files`);
      const attachments = await ticketFiles(deps, current.id, files);
      const to = await customerAddress(deps, current);
      let message!: OutboundMessage;
      let interaction!: Interaction;
      const { result } = await changeTicket(deps.store, params.id, (t) => {
        const outboundId = shortHash(`reply#${t.id}#${body.clientKey ?? crypto.randomUUID()}`);
        const key = interactionId(nowIso, outboundId);
        message = {
          outboundId,
          ticketId: t.id,
          interactionKey: key,
          kind: 'agent_reply',
          channel: t.channel,
          to,
          conversationKey: t.conversationKey,
          ...(t.subject ? { subject: t.subject } : {}),
          text: body.text,
          locale: t.locale,
          createdAt: nowIso,
          ...(body.visibility ? { visibility: body.visibility } : {}),
          ...(attachments.length ? { attachments } : {}),
        };
        interaction = outboundInteraction(message, t.customerId, agent.sub);
        const ticket = bump(t, nowIso, {
          handling: 'human',
          // Answers the next-response SLA target (core/sla-policy.ts).
          lastAgentReplyAt: nowIso,
          agentReplies: (t.agentReplies ?? 0) + 1,
          repliesByAgent: { ...t.repliesByAgent, [agent.sub]: (t.repliesByAgent?.[agent.sub] ?? 0) + 1 },
          ...(t.firstResponseAt ? {} : { firstResponseAt: nowIso, firstResponder: 'human' as const, firstResponseBy: agent.sub }),
          // What the SLA measures: people's first answer after the bot's (a first response by a person is that already).
          ...(t.firstResponseAt && !t.humanResponseAt && t.firstResponder !== 'human' ? { humanResponseAt: nowIso } : {}),
        });
        return { ticket, interactions: [interaction], ...(body.clientKey ? { reply: { clientKey: body.clientKey, message, interaction } } : {}) };
      });
      if (result === 'duplicate' && body.clientKey) {
        // The same clientKey was sent before: answer with that reply, and hand it over again if it
        // never went out (the queue's deduplication and the sender's lease keep it to one delivery).
        const first = await deps.store.getReply(params.id, body.clientKey);
        if (!first) throw new ConflictError(`ticket ${params.id} has a reply under this client key that cannot be read; try again`);
        const delivery = await deps.store.getDelivery(params.id, first.interaction.key);
        if (delivery?.status === 'pending') await deps.outbound.send(first.message);
        return json(200, await renderInteraction({ ...first.interaction, ...(delivery ? { delivery } : {}) }));
      }
      await deps.outbound.send(message);
      return json(201, { ...(await renderInteraction(interaction)), replyWindow: window });
    },
  }),
  route({
    method: 'POST',
    path: '/tickets/{id}/notes',
    summary: 'An internal note on the timeline (never sent to the customer)',
    access: 'agent',
    params: ticketIdParam,
    body: noteBody,
    responds: { status: 201, description: 'the note', schema: interactionViewSchema },
    handle: async ({ params, body, agent, now }, deps) => {
      const nowIso = now.toISOString();
      let note!: Interaction;
      await changeTicket(deps.store, params.id, (t) => {
        note = internalInteraction(t, nowIso, agent.sub, { kind: 'note', text: body.text });
        return { ticket: bump(t, nowIso, {}), interactions: [note] };
      });
      return json(201, await renderInteraction(note));
    },
  }),
];

/** While a person has the ticket, what the bot would have answered to the customer's latest message (kept on that message). */
async function suggestionFor(deps: AgentApiDeps, ticket: Ticket): Promise<string | null> {
  if (ticket.handling !== 'human') return null;
  const latest = await deps.store.latestInbound(ticket.id);
  const processed = latest?.messageKey ? await deps.store.getProcessedMessage(latest.messageKey) : undefined;
  return processed?.suggestedAnswer ?? ticket.suggestedAnswer ?? null;
}
