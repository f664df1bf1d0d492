import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '#core/errors';
import type { Customer, Interaction } from '#core/model';
import { json } from '#http/http';
import { customerSummary, customerView, renderInteraction, ticketView } from '#agent/representation';
import { customer360Schema, customerLookupSchema, eraseResultSchema, mergeResultSchema } from '#agent/responses';
import { route, type AgentApiDeps } from '#agent/router';
import { npsAnswerView } from '#agent/routes/nps';
import { customerIdParam, customerQuery, findCustomerQuery, mergeBody } from '#agent/schemas';
import { bump, changeTicket, internalInteraction } from '#agent/ticket-change';
import type { Page } from '#core/ports';

/** NPS answers the customer view shows (one a quarter at most: years of them). */
const NPS_HISTORY = 20;

type ViewQuery = { limit: number; ticketsCursor?: string | undefined; interactionsCursor?: string | undefined };

/** Everything about a customer in one answer: identities on every channel, tickets and interactions across channels, newest first. */
async function customer360(deps: AgentApiDeps, id: string, q: ViewQuery) {
  let customer = await deps.store.getCustomer(id);
  if (!customer) throw new NotFoundError(`customer ${id} does not exist`);
  const redirectedFrom = customer.mergedInto ? id : undefined;
  if (customer.mergedInto) {
    customer = await deps.store.getCustomer(customer.mergedInto);
    if (!customer) throw new NotFoundError(`customer ${id} was merged into a customer that no longer exists`);
  }
  const [identities, tickets, interactions, npsAnswers] = await Promise.all([
    deps.store.listIdentities(customer.id),
    deps.store.customerTickets(customer.id, q.limit, q.ticketsCursor),
    deps.store.customerInteractions(customer.id, q.limit, q.interactionsCursor),
    deps.nps ? deps.nps.store.customerAnswers(customer.id, NPS_HISTORY) : [],
  ]);
  return json(200, {
    ...customerView(customer, identities),
    ...(redirectedFrom ? { redirectedFrom } : {}),
    nps: { latest: npsAnswers[0] ? npsAnswerView(npsAnswers[0]) : null, history: npsAnswers.map(npsAnswerView) },
    tickets: { items: tickets.items.map(ticketView), next: tickets.next },
    interactions: {
      items: await Promise.all(interactions.items.map(async (i) => ({ ticketId: i.ticketId, ...(await renderInteraction(i)) }))),
      next: interactions.next,
    },
  });
}

/**
 * A customer as the audit trail keeps it: ids, times and counts, never the name or addresses (an
 * erased customer's data must not live on in the trail).
 */
async function customerState(deps: AgentApiDeps, id: string) {
  const c = await deps.store.getCustomer(id);
  if (!c) return undefined;
  return {
    id: c.id,
    createdAt: c.createdAt,
    identities: (await deps.store.listIdentities(id)).length,
    ...(c.mergedInto ? { mergedInto: c.mergedInto } : {}),
    ...(c.erasedAt ? { erasedAt: c.erasedAt } : {}),
  };
}

/** Walks every page of a customer list (merge and erase touch all of it). */
async function* everything<T>(pageOf: (cursor?: string) => Promise<Page<T>>): AsyncIterable<T> {
  let cursor: string | undefined;
  do {
    const page = await pageOf(cursor);
    yield* page.items;
    cursor = page.next ?? undefined;
  } while (cursor);
}

/** What erasure leaves of an interaction: its shape and time for the timeline, nothing personal. */
function anonymised(i: Interaction): Interaction {
  const { from: _f, to: _t, subject: _s, html: _h, attachments: _a, classification, messageKey, newText: _x, email: _e, replyTo: _r, ...rest } = i;
  return {
    ...rest,
    // An e-mail's Message-ID names the sender's domain: only its hash stays (replays meet the message's own record).
    ...(messageKey ? { messageKey: `erased#${createHash('sha256').update(messageKey).digest('base64url').slice(0, 16)}` } : {}),
    text: i.kind === 'event' ? i.text : '[erased]',
    ...(classification ? { classification: { ...classification, entities: [] } } : {}),
  };
}

export const customerRoutes = [
  route({
    method: 'GET',
    path: '/customers',
    summary: 'Find a customer by e-mail address or phone number (E.164); without either, every customer, newest first, a page at a time',
    access: 'agent',
    query: findCustomerQuery,
    responds: {
      status: 200,
      description: 'the customer 360, or without a filter a page of customers',
      schema: customerLookupSchema,
    },
    handle: async ({ query }, deps) => {
      if (!query.email && !query.phone) {
        const page = await deps.store.listCustomers(query.limit, query.cursor);
        return json(200, { items: page.items.map(customerSummary), next: page.next });
      }
      const identity = query.email ? await deps.store.getIdentity('email', query.email) : await deps.store.getIdentity('phone', query.phone!);
      if (!identity) throw new NotFoundError(`no customer with that ${query.email ? 'e-mail address' : 'phone number'}`);
      return customer360(deps, identity.customerId, query);
    },
  }),
  route({
    method: 'GET',
    path: '/customers/{id}',
    summary: 'A customer: identities on every channel, every ticket and interaction across channels, newest first',
    access: 'agent',
    params: customerIdParam,
    query: customerQuery,
    responds: { status: 200, description: 'the customer 360', schema: customer360Schema },
    handle: ({ params, query }, deps) => customer360(deps, params.id, query),
  }),
  route({
    method: 'POST',
    path: '/customers/{id}/merge',
    summary: 'Merge another customer into this one: identities, tickets, interactions and NPS answers move here; safe to repeat and to resume',
    access: 'admin',
    params: customerIdParam,
    body: mergeBody,
    responds: { status: 200, description: 'what moved', schema: mergeResultSchema },
    audit: { before: async ({ params, body }, deps) => ({ into: await customerState(deps, params.id), from: await customerState(deps, body.from) }) },
    handle: async ({ params, body, agent, now }, deps) => {
      const into = params.id;
      const from = body.from;
      if (into === from) throw new ValidationError('a customer cannot be merged into itself', [{ path: 'from', message: 'same as the target' }]);
      const [target, source] = await Promise.all([deps.store.getCustomer(into), deps.store.getCustomer(from)]);
      if (!target) throw new NotFoundError(`customer ${into} does not exist`);
      if (!source) throw new NotFoundError(`customer ${from} does not exist`);
      if (target.mergedInto) throw new ConflictError(`customer ${into} was itself merged into ${target.mergedInto}`);
      if (target.erasedAt || source.erasedAt) throw new ConflictError('an erased customer cannot be merged');
      if (source.mergedInto && source.mergedInto !== into) throw new ConflictError(`customer ${from} was merged into ${source.mergedInto}`);
      await deps.store.recordMerge(from, into);
      const nowIso = now.toISOString();
      const moved = { identities: 0, tickets: 0, interactions: 0 };
      for (const identity of await deps.store.listIdentities(from)) if (await deps.store.moveIdentity(identity, into)) moved.identities++;
      for await (const t of everything((c) => deps.store.customerTickets(from, 50, c))) {
        const { result } = await changeTicket(deps.store, t.id, (cur) =>
          cur.customerId !== from
            ? 'unchanged'
            : {
                ticket: bump(cur, nowIso, { customerId: into }),
                interactions: [
                  internalInteraction({ ...cur, customerId: into }, nowIso, agent.sub, {
                    kind: 'event',
                    text: `customer merged: ${from} → ${into}`,
                    event: { type: 'customer_merged', from, to: into },
                  }),
                ],
              },
        );
        if (result === 'committed') moved.tickets++;
      }
      for await (const i of everything((c) => deps.store.customerInteractions(from, 100, c))) {
        await deps.store.moveInteraction(i, into);
        moved.interactions++;
      }
      const nps = deps.nps ? await deps.nps.store.moveAnswers(from, into) : 0;
      // What the target lacks, the source's profile fills; the source stays as a pointer.
      await deps.store.putCustomer({
        ...target,
        ...(!target.name && source.name ? { name: source.name } : {}),
        ...(!target.email && source.email ? { email: source.email } : {}),
        ...(!target.phone && source.phone ? { phone: source.phone } : {}),
      });
      await deps.store.putCustomer({ ...source, mergedInto: into });
      return json(200, { into, from, moved: { ...moved, nps } });
    },
  }),
  route({
    method: 'POST',
    path: '/customers/{id}/erase',
    summary: "Erase a customer's personal data (KVKK/GDPR) from the table and the attachments bucket; tickets keep anonymous metrics",
    access: 'admin',
    params: customerIdParam,
    responds: { status: 200, description: 'what was erased', schema: eraseResultSchema },
    audit: { before: ({ params }, deps) => customerState(deps, params.id) },
    handle: async ({ params, agent, now }, deps) => {
      const customer = await deps.store.getCustomer(params.id);
      if (!customer) throw new NotFoundError(`customer ${params.id} does not exist`);
      if (customer.mergedInto) throw new ConflictError(`customer ${params.id} was merged into ${customer.mergedInto}: erase that customer`);
      const nowIso = now.toISOString();
      const erased = { identities: 0, tickets: 0, interactions: 0, files: 0 };
      for (const identity of await deps.store.listIdentities(params.id)) {
        await deps.store.deleteIdentity(identity);
        erased.identities++;
      }
      // NPS answers keep their scores (anonymous figures) and lose their comments.
      if (deps.nps) await deps.nps.store.eraseComments(params.id);
      const files: { bucket: string; key: string }[] = [];
      for await (const i of everything((c) => deps.store.customerInteractions(params.id, 100, c))) {
        files.push(...(i.attachments ?? []));
        if (i.messageKey) await deps.store.forgetProcessedReplies(i.messageKey);
        await deps.store.replaceInteraction(anonymised(i));
        erased.interactions++;
      }
      for await (const t of everything((c) => deps.store.customerTickets(params.id, 50, c))) {
        await deps.store.deleteThread(t.channel, t.conversationKey);
        await changeTicket(deps.store, t.id, (cur) => {
          // Everything the customer wrote or was named by goes: subject, preview, name, address, order number.
          const {
            subject: _s,
            preview: _p,
            customerName: _n,
            customerAddress: _a,
            suggestedAnswer: _g,
            contactHints: _h,
            orderNumber: _o,
            classification,
            csat,
            ...rest
          } = cur;
          return {
            ticket: bump(rest as typeof cur, nowIso, {
              conversationKey: `erased:${cur.id}`,
              ...(classification ? { classification: { ...classification, entities: [] } } : {}),
              ...(csat ? { csat: { score: csat.score, at: csat.at } } : {}),
            }),
            interactions: [internalInteraction(cur, nowIso, agent.sub, { kind: 'event', text: 'customer data erased', event: { type: 'customer_erased' } })],
          };
        });
        erased.tickets++;
      }
      erased.files = await deps.files.erase(files);
      const tombstone: Customer = { id: customer.id, createdAt: customer.createdAt, erasedAt: nowIso };
      await deps.store.putCustomer(tombstone);
      return json(200, { id: customer.id, erasedAt: nowIso, erased });
    },
  }),
];
