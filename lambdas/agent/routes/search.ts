import * as z from 'zod';
import { channels } from '#core/messages';
import { ticketStatuses } from '#core/model';
import { queryTerms } from '#core/search-terms';
import { ValidationError } from '#core/errors';
import { json } from '#http/http';
import { ticketView } from '#agent/representation';
import { ticketListSchema } from '#agent/responses';
import { route } from '#agent/router';

/** A day ("2026-12-07") or a time; a day as `to` means up to its end. */
const dateOrTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, 'a date (2026-12-07) or an ISO time')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');

export const searchQuery = z
  .object({
    q: z.string().trim().min(1).max(200).describe('words, a name, an e-mail address, a phone number as written, an order, tracking or ticket number'),
    sort: z.enum(['newest', 'best']).default('newest').describe('newest: newest ticket first; best: strongest match first (among the newest 200 matches)'),
    status: z.enum(ticketStatuses).optional(),
    channel: z.enum(channels).optional(),
    from: dateOrTime.optional().describe('created at or after'),
    to: dateOrTime.optional().describe('created before (a date: up to its end)'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict();

const iso = (s: string, endOfDay: boolean) => (s.length === 10 ? new Date(Date.parse(s) + (endOfDay ? 86_400_000 : 0)) : new Date(s)).toISOString();

export const searchRoutes = [
  route({
    method: 'GET',
    path: '/search',
    summary:
      "Tickets by words of the subject and the customer's messages, customer name, e-mail, phone, order, tracking or ticket number; Turkish-aware; newest or best first",
    access: 'agent',
    query: searchQuery,
    responds: { status: 200, description: 'a page of matching tickets', schema: ticketListSchema },
    handle: async ({ query }, deps) => {
      const terms = queryTerms(query.q);
      if (!terms.length) throw new ValidationError('the query has no word to search for', [{ path: 'q', message: 'only stop words or punctuation' }]);
      const from = query.from ? iso(query.from, false) : undefined;
      const to = query.to ? iso(query.to, true) : undefined;
      const page = await deps.search.search({
        terms,
        sort: query.sort,
        status: query.status,
        channel: query.channel,
        from,
        to,
        limit: query.limit,
        cursor: query.cursor,
      });
      return json(200, { items: page.items.map(ticketView), next: page.next });
    },
  }),
];
