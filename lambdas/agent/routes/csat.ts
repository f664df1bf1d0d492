import { NotFoundError } from '#core/errors';
import type { Interaction } from '#core/model';
import type { HttpResult } from '#http/http';
import { csatPage, verifyCsatToken } from '#agent/csat';
import { askForNps } from '#agent/nps-survey';
import { htmlPage } from '#agent/responses';
import { route, type AgentApiDeps } from '#agent/router';
import { csatForm, csatParams, csatQuery } from '#agent/schemas';
import { bump, changeTicket, internalInteraction } from '#agent/ticket-change';

const html = (status: number, body: string): HttpResult => ({
  statusCode: status,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  },
  body,
});

/**
 * Records a rating on the ticket. The first rating is an event and counts once in the metrics; a
 * later click may change the score (the latest wins) but is never a second rating; the same click
 * again changes nothing, and a comment that keeps the score logs no change.
 */
async function rate(deps: AgentApiDeps, token: string, score: number, comment: string | undefined, now: Date) {
  const verified = verifyCsatToken(deps.csat.key, token);
  if (!verified) throw new NotFoundError('this rating link is not valid');
  const nowIso = now.toISOString();
  const { ticket } = await changeTicket(deps.store, verified.ticketId, (t) => {
    const previous = t.csat;
    const nextComment = comment || previous?.comment;
    if (previous && previous.score === score && previous.comment === nextComment) return 'unchanged';
    const csat = { score, ...(nextComment ? { comment: nextComment } : {}), at: previous?.at ?? nowIso };
    // A comment on the same score is no change of rating: it is kept, and the timeline logs nothing.
    // The version still moves, so a concurrent change made from the ticket as read cannot drop it.
    if (previous && previous.score === score) return { ticket: bump(t, nowIso, { csat }), interactions: [] };
    const type = previous ? 'csat_changed' : 'csat';
    const event: Interaction = internalInteraction(t, nowIso, 'customer', {
      kind: 'event',
      text: `${type}: ${score}/5`,
      event: { type, from: previous?.score ?? null, to: score },
    });
    return {
      ticket: bump(t, nowIso, { csat }),
      interactions: [event],
    };
  });
  return ticket;
}

export const csatRoutes = [
  route({
    method: 'GET',
    path: '/csat/{token}',
    summary: 'The page a CSAT link (signed) opens: it asks to confirm the score (opening it rates nothing: mail scanners open links)',
    access: 'public',
    params: csatParams,
    query: csatQuery,
    responds: { status: 200, description: 'the confirmation page', contentType: 'text/html', schema: htmlPage },
    handle: async ({ params, query }, deps) => {
      const verified = verifyCsatToken(deps.csat.key, params.token);
      const ticket = verified && (await deps.store.getTicket(verified.ticketId));
      if (!ticket) throw new NotFoundError('this rating link is not valid');
      return html(200, csatPage(ticket.locale, params.token, query.score, 'confirm'));
    },
  }),
  route({
    method: 'POST',
    path: '/csat/{token}',
    summary: 'Records the rating (the confirmation page or the chat widget posts the score, with an optional comment)',
    access: 'public',
    params: csatParams,
    body: csatForm,
    bodyType: 'form',
    responds: { status: 200, description: 'thank-you page', contentType: 'text/html', schema: htmlPage },
    handle: async ({ params, body, now }, deps) => {
      const ticket = await rate(deps, params.token, body.score, body.comment, now);
      if (deps.nps && ticket.channel === 'chat' && ticket.resolvedAt) await askForNps(deps.nps, deps.outbound, ticket, now.toISOString());
      return html(200, csatPage(ticket.locale, params.token, body.score, body.comment ? 'commented' : 'rated'));
    },
  }),
];
