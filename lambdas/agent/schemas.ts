import * as z from 'zod';
import { channels, MAX_OUTBOUND_ATTACHMENTS } from '#core/messages';
import { ticketStatuses } from '#core/model';
import { toE164 } from '#core/phone';
import { MAX_UPLOAD_BYTES, uploadTypes } from './uploads';
import { ARTICLE_LOCALES } from '#helpcenter/locales';
import { HELP_EVENTS, MAX_SUGGESTIONS } from '#helpcenter/deflection';
import { lazySchema } from './lazy-schema';

/**
 * Every body, query and path parameter of the agent API. The same schemas validate requests and
 * generate GET /openapi.json (see openapi.ts), so the document cannot drift from what is enforced.
 * Each is built on its first use (lazySchema): a cold start builds only its route's.
 */
export const priorities = ['urgent', 'high', 'normal', 'low'] as const;

const limit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);
const cursor = () => z.string().min(1).max(2048);
const locale = () => z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a locale such as tr or en');
const agentId = () => z.string().min(1).max(128);
const tag = () =>
  z
    .string()
    .min(1)
    .max(40)
    .regex(/^[\p{L}\p{N}_\-.:]+$/u, 'letters, digits, _ - . : only');

/** Ticket ids are their numbers; "#10001", "%2310001" and "10001" all name the same ticket. */
export const ticketIdParam = lazySchema(() =>
  z.object({
    id: z
      .string()
      .regex(/^#?\d{1,12}$/, 'a ticket number such as 10001')
      .transform((s) => s.replace('#', '')),
  }),
);
export const customerIdParam = lazySchema(() => z.object({ id: z.string().regex(/^c_[\w-]{1,64}$/, 'a customer id such as c_1234') }));

export const listTicketsQuery = lazySchema(() =>
  z
    .object({
      status: z.enum(ticketStatuses).default('open'),
      channel: z.enum(channels).optional(),
      priority: z.enum(priorities).optional(),
      assignee: agentId().optional(),
      intent: z
        .string()
        .regex(/^[a-z_]{1,64}$/, 'an intent name such as track_order')
        .optional(),
      breached: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
      sort: z.enum(['updated', 'priority']).default('updated').describe('updated: last update, newest first; priority: urgent first, then earliest due'),
      limit: limit(100, 25),
      cursor: cursor().optional(),
    })
    .strict(),
);

export const ticketQuery = lazySchema(() => z.object({ limit: limit(200, 100), cursor: cursor().optional() }).strict());

export const patchTicketBody = lazySchema(() =>
  z
    .object({
      status: z.enum(ticketStatuses).optional(),
      priority: z.enum(priorities).optional(),
      assignee: agentId().nullable().optional().describe('null unassigns'),
      tags: z.array(tag()).max(20).optional().describe('replaces all tags'),
      addTags: z.array(tag()).max(20).optional(),
      removeTags: z.array(tag()).max(20).optional(),
      version: z.number().int().positive().optional().describe('when given, the change applies only to this version (else 409)'),
    })
    .strict()
    .refine((b) => ['status', 'priority', 'assignee', 'tags', 'addTags', 'removeTags'].some((k) => k in b), {
      message: 'nothing to change: give status, priority, assignee, tags, addTags or removeTags',
    }),
);

export const replyBody = lazySchema(() =>
  z
    .object({
      text: z.string().trim().min(1).max(10_000),
      visibility: z.enum(['public', 'private']).optional().describe('social comments: answer under the post or privately'),
      clientKey: z
        .string()
        .regex(/^[\w-]{1,64}$/)
        .optional()
        .describe('idempotency key: the same key sends once'),
      attachments: z
        .array(z.string().min(1).max(1024))
        .max(MAX_OUTBOUND_ATTACHMENTS)
        .refine((keys) => new Set(keys).size === keys.length, 'each file once')
        .optional()
        .describe("keys of files on this ticket's timeline (attachments[].key) to send with the text"),
    })
    .strict(),
);

export const noteBody = lazySchema(() => z.object({ text: z.string().trim().min(1).max(10_000) }).strict());

export const customerQuery = lazySchema(() =>
  z
    .object({
      limit: limit(100, 25),
      ticketsCursor: cursor().optional(),
      interactionsCursor: cursor().optional(),
    })
    .strict(),
);

export const findCustomerQuery = lazySchema(() =>
  customerQuery
    .unwrap()
    .extend({
      cursor: cursor().optional().describe('without email or phone: the next page of the customer list'),
      email: z
        .string()
        .email()
        .max(320)
        .transform((e) => e.toLowerCase())
        .optional(),
      phone: z
        .string()
        .max(40)
        .transform((written, ctx) => {
          const e164 = toE164(written);
          if (!e164) ctx.addIssue({ code: 'custom', message: 'a phone number such as 0532 123 45 67 or +90 532 123 45 67' });
          return e164 ?? written;
        })
        .describe('as people write it: 0532 123 45 67, +90 532 123 45 67, 532 123 45 67 (without a country code: Turkey)')
        .optional(),
    })
    .strict()
    .refine((q) => !(q.email && q.phone), { message: 'give at most one of email or phone' }),
);

export const mergeBody = lazySchema(() =>
  z
    .object({
      from: z
        .string()
        .regex(/^c_[\w-]{1,64}$/, 'a customer id such as c_1234')
        .describe('the customer merged into this one'),
    })
    .strict(),
);

export const cannedBody = lazySchema(() =>
  z
    .object({ locale: locale(), title: z.string().trim().min(1).max(120), text: z.string().trim().min(1).max(5000), tags: z.array(tag()).max(10).optional() })
    .strict(),
);
export const cannedUpdateBody = lazySchema(() => cannedBody.unwrap().omit({ locale: true }));
export const cannedParams = lazySchema(() => z.object({ locale: locale(), id: z.string().regex(/^[\w-]{1,64}$/) }));
export const cannedListQuery = lazySchema(() => z.object({ locale: locale(), limit: limit(100, 50), cursor: cursor().optional() }).strict());

export const answerParams = lazySchema(() => z.object({ intent: z.string().regex(/^[a-z_]{1,64}$/, 'an intent name'), locale: locale() }));
export const answerIntentParam = lazySchema(() => answerParams.unwrap().pick({ intent: true }));
export const answerBody = lazySchema(() =>
  z
    .object({
      text: z.string().trim().min(1).max(5000).describe('{{shop.name}}, {{order.status}}… as in the bot definition'),
      enabled: z.boolean().default(true).describe('false: this intent goes to a person in this locale'),
    })
    .strict(),
);

const day = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-11-01');
export const metricsQuery = lazySchema(() =>
  z
    .object({
      from: day().optional().describe('first day, inclusive (UTC); default: 29 days before to'),
      to: day().optional().describe('last day, inclusive (UTC); default: today'),
    })
    .strict(),
);

export const csatParams = lazySchema(() => z.object({ token: z.string().regex(/^[\w.-]{10,200}$/, 'a rating link token') }));
export const csatQuery = lazySchema(() => z.object({ score: z.coerce.number().int().min(1).max(5) }).strict());
export const csatForm = lazySchema(() => z.object({ score: z.coerce.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() }).strict());

export const typingBody = lazySchema(() => z.object({ typing: z.boolean().describe('true: the agent started writing; false: stopped') }).strict());

const fileKey = () => z.string().min(1).max(1024);
export const fileQuery = lazySchema(() =>
  z.object({ key: fileKey().describe("the file's key: attachments[].key of the timeline, or an upload's key") }).strict(),
);
export const uploadBody = lazySchema(() =>
  z
    .object({
      filename: z.string().trim().min(1).max(255).describe('the name the customer will see'),
      contentType: z.enum(uploadTypes).describe('the declared type; the content must be this type'),
      size: z.number().int().min(1).max(MAX_UPLOAD_BYTES).describe('bytes; the form takes no larger file'),
    })
    .strict(),
);
export const uploadCheckBody = lazySchema(() => z.object({ key: fileKey().describe('the key POST /tickets/{id}/uploads gave') }).strict());

/**
 * What the help center's pages, help.js and the chat widget post (form-encoded: browsers send it
 * without a CORS preflight, also as navigator.sendBeacon). No visitor id: counts only.
 */
export const helpEventForm = lazySchema(() =>
  z
    .object({
      event: z.enum(HELP_EVENTS),
      locale: z.enum(ARTICLE_LOCALES),
      article: z
        .string()
        .max(3 * 101)
        .optional()
        .describe(`the article's id; for "suggested" up to ${MAX_SUGGESTIONS} ids joined by ","`),
      query: z.string().trim().min(1).max(500).optional().describe('search_miss: what was searched (folded here again and cut to 100 characters)'),
      via: z.literal('widget').optional().describe("view: the article was opened from the chat widget's suggestions"),
      page: z.literal('1').optional().describe("sent by the page's form without JavaScript: answered with a redirect back to the article"),
    })
    .strict(),
);
