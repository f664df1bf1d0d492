import * as z from 'zod';
import { attachmentRefSchema, channels, outboundKinds } from '#core/messages';
import { ticketStatuses } from '#core/model';
import { priorities } from './schemas';

/**
 * Every response body of the agent API. The representation functions are typed by these schemas, the
 * OpenAPI document names each as a component (openapi.ts), and the integration tests parse real
 * responses with them (strict objects: a field added or dropped in one place fails a test).
 */
export const apiSchemas = z.registry<{ id: string }>();
const named = <S extends z.core.$ZodType>(id: string, schema: S): S => (apiSchemas.add(schema, { id }), schema);

/** The 401 of a route behind the JWT authorizer: API Gateway's body, which an HTTP API cannot change (README, Agent API). */
export const unauthorizedSchema = named('Unauthorized', z.strictObject({ message: z.literal('Unauthorized') }));

const time = z.string().describe('ISO 8601 time (UTC)');
const nullableTime = time.nullable();
const page = <S extends z.ZodType>(item: S) =>
  z.strictObject({ items: z.array(item), next: z.string().nullable().describe('cursor of the next page; null at the end') });

export const errorSchema = named(
  'Error',
  z.strictObject({
    message: z.string().describe("what went wrong; every error has it at the top, the authorizer's 401 too"),
    error: z.strictObject({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().optional().describe('given with a 500, to find the logs'),
    }),
  }),
);

const classification = named(
  'Classification',
  z.strictObject({
    lang: z.string(),
    intent: z.string(),
    confidence: z.number(),
    engine: z.enum(['builtin', 'lex']),
    entities: z.array(z.strictObject({ type: z.string(), value: z.string() })),
    top: z.array(z.strictObject({ intent: z.string(), confidence: z.number() })).optional(),
    requests: z
      .array(z.strictObject({ intent: z.string(), confidence: z.number() }))
      .optional()
      .describe('a message with several requests: the reading of each part'),
  }),
);

const contactHint = z.strictObject({ type: z.literal('email'), value: z.string(), verified: z.literal(false) });

export const replyWindowSchema = named(
  'ReplyWindow',
  z.strictObject({ open: z.boolean(), closesAt: time.optional(), templateRequired: z.boolean(), reason: z.string().optional() }),
);

const slaTarget = z.enum(['first_response', 'next_response', 'resolution']);
const ticketSlaSchema = z
  .strictObject({
    policy: z.string().describe('the SLA policy of its priority and channel'),
    calendar: z.string().nullable().describe('the calendar its due times count in (GET /sla/calendars); null: the default one'),
    due: z
      .strictObject({ first_response: nullableTime, next_response: nullableTime, resolution: nullableTime })
      .describe('per target, its due time while people still owe it'),
    escalated: z.array(slaTarget).describe('targets whose current clock was escalated'),
    breached: z.array(slaTarget).describe('targets whose current clock was breached'),
  })
  .nullable()
  .describe('null: a ticket from before there were SLA policies (firstResponseDueAt still applies)');

export const ticketViewSchema = named(
  'Ticket',
  z.strictObject({
    id: z.string(),
    reference: z.string().describe('#10001'),
    number: z.number().int(),
    status: z.enum(ticketStatuses),
    priority: z.enum(priorities),
    channel: z.enum(channels),
    customerId: z.string(),
    conversationId: z.string(),
    subject: z.string().nullable(),
    preview: z.string().nullable().describe('the first line of the latest customer message, cut short'),
    customerName: z.string().nullable().describe('the name the customer gave (unverified)'),
    locale: z.string(),
    assignee: z.string().nullable(),
    team: z.string().nullable().describe('the team the ticket is routed to; unassigned team tickets wait in its queue'),
    createdAt: time,
    updatedAt: time,
    lastInboundAt: time,
    firstResponseDueAt: time,
    interactionCount: z.number().int(),
    version: z.number().int(),
    handling: z.enum(['bot', 'human']),
    handoverReason: z.string().nullable(),
    botAnswered: z.boolean(),
    awaiting: z.strictObject({ intent: z.string(), slot: z.string() }).nullable(),
    classification: classification.nullable().describe("the bot's reading of the message that opened the ticket: metrics and intent views count by it"),
    latestIntent: z.string().nullable().describe("the latest customer message's intent (each message's full reading is on its interaction)"),
    orderNumber: z.string().nullable().describe('the order the conversation named'),
    priorityReasons: z.array(z.string()),
    suggestedAnswer: z.string().nullable(),
    reaction: z.enum(['helpful', 'not_helpful']).nullable(),
    tags: z.array(z.string()),
    firstResponseAt: nullableTime,
    firstResponder: z.enum(['bot', 'human']).nullable(),
    handedOffAt: nullableTime.describe('when the bot handed the conversation to people: the SLA counts from here'),
    humanResponseAt: nullableTime.describe("a person's first answer: what the first-response SLA measures"),
    resolvedAt: nullableTime,
    reopenCount: z.number().int(),
    slaBreachedAt: nullableTime,
    sla: ticketSlaSchema,
    csat: z.strictObject({ score: z.number().int(), comment: z.string().optional(), at: time }).nullable(),
    public: z.boolean(),
    lastDeliveryFailure: z.strictObject({ interactionKey: z.string(), reason: z.string(), at: time }).nullable(),
    contactHints: z.array(contactHint),
    replyWindow: replyWindowSchema,
  }),
);

const verdict = z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED', 'NONE']);

export const interactionViewSchema = named(
  'Interaction',
  z.strictObject({
    id: z.string(),
    direction: z.enum(['in', 'out', 'internal']),
    kind: z.enum(['message', ...outboundKinds, 'note', 'event']),
    channel: z.enum(channels),
    at: time,
    from: z.string().nullable(),
    to: z.string().nullable(),
    subject: z.string().nullable(),
    text: z.string().describe('plain text: show it as text'),
    hasHtml: z.boolean(),
    htmlSanitised: z.string().nullable().describe("the customer's HTML without scripts, handlers, forms or remote images"),
    attachments: z.array(named('Attachment', attachmentRefSchema)),
    locale: z.string().nullable(),
    newText: z.string().nullable(),
    autoReplySuppressed: z.string().nullable(),
    replyTo: z.string().nullable(),
    messageId: z.string().nullable().describe("an inbound message's id on its channel (e-mail Message-ID, provider message id)"),
    editOf: z.string().nullable().describe("set when this message is the customer's edit of an earlier one: the provider's id of that message"),
    threading: z
      .strictObject({
        by: z.string(),
        note: z.string().nullable(),
        verdicts: z.strictObject({ spam: verdict, virus: verdict, spf: verdict, dkim: verdict, dmarc: verdict }).partial().nullable(),
      })
      .nullable(),
    delivery: z
      .strictObject({
        status: z.enum(['pending', 'sending', 'sent', 'failed']),
        sentAt: nullableTime,
        lastError: z.string().nullable(),
        providerStatus: z.enum(['delivered', 'read', 'failed']).nullable(),
        deliveredAt: nullableTime,
        readAt: nullableTime,
      })
      .nullable(),
    classification: classification.nullable(),
    priority: z.enum(priorities).nullable(),
    author: z.string().nullable(),
    event: z
      .strictObject({
        type: z.string(),
        from: z.unknown().optional(),
        to: z.unknown().optional(),
        policy: z.string().optional().describe('sla_escalated, sla_breached: the SLA policy'),
        target: z.enum(['first_response', 'next_response', 'resolution']).optional().describe('sla_escalated, sla_breached: the target'),
      })
      .nullable(),
  }),
);

export const ticketListSchema = named('TicketPage', page(ticketViewSchema));

export const ticketWithTimelineSchema = named(
  'TicketWithTimeline',
  ticketViewSchema.extend({ timeline: z.array(interactionViewSchema).describe('oldest first'), timelineNext: z.string().nullable() }),
);

export const replySchema = named('Reply', interactionViewSchema.extend({ replyWindow: replyWindowSchema.optional() }));

/** Not a component of its own: every response gives the customer with their tickets (Customer360). */
export const customerViewSchema = z.strictObject({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()).describe("the shop's labels for the customer; routing rules can test them"),
  createdAt: time,
  mergedInto: z.string().nullable(),
  erasedAt: nullableTime,
  identities: z.array(z.strictObject({ kind: z.string(), address: z.string() })),
  contactHints: z.array(contactHint),
});

export const npsAnswerSchema = named(
  'NpsAnswer',
  z.strictObject({
    score: z.number().int().min(0).max(10),
    class: z.enum(['promoter', 'passive', 'detractor']),
    comment: z.string().nullable(),
    ticketId: z.string(),
    sentAt: z.string().describe('when the survey was sent (the resolution)'),
    answeredAt: z.string(),
  }),
);

/** On GET /customers/{id}: the customer's NPS answers, newest first (the latest is the first). */
export const customerNpsSchema = z
  .strictObject({ latest: npsAnswerSchema.nullable(), history: z.array(npsAnswerSchema) })
  .describe("the customer's NPS answers, newest first");

export const customer360Schema = named(
  'Customer360',
  customerViewSchema.extend({
    redirectedFrom: z.string().optional().describe('the merged customer the request named'),
    nps: customerNpsSchema,
    tickets: page(ticketViewSchema),
    interactions: page(interactionViewSchema.extend({ ticketId: z.string() })),
  }),
);

/** A customer in the list of every customer: the profile, without identities and hints (one read per page). */
export const customerSummarySchema = customerViewSchema.omit({ identities: true, contactHints: true });
export const customerListSchema = named('CustomerPage', page(customerSummarySchema));
/** GET /customers: the customer an e-mail address or phone number names, or without either a page of every customer. */
export const customerLookupSchema = named('CustomerLookup', z.union([customer360Schema, customerListSchema]));

const moved = { identities: z.number().int(), tickets: z.number().int(), interactions: z.number().int() };
export const mergeResultSchema = named(
  'MergeResult',
  z.strictObject({ into: z.string(), from: z.string(), moved: z.strictObject({ ...moved, nps: z.number().int() }) }),
);
export const eraseResultSchema = named(
  'EraseResult',
  z.strictObject({ id: z.string(), erasedAt: time, erased: z.strictObject({ ...moved, files: z.number().int() }) }),
);

export const cannedSchema = named(
  'CannedResponse',
  z.strictObject({
    id: z.string(),
    locale: z.string(),
    title: z.string(),
    text: z.string(),
    tags: z.array(z.string()).optional(),
    updatedAt: time,
    updatedBy: z.string(),
  }),
);
export const cannedPageSchema = named('CannedResponsePage', page(cannedSchema));

export const answerOverrideSchema = named(
  'AnswerOverride',
  z.strictObject({ intent: z.string(), locale: z.string(), text: z.string(), enabled: z.boolean(), updatedAt: time, updatedBy: z.string() }),
);
export const answerListSchema = named('AnswerOverrides', z.strictObject({ intent: z.string(), overrides: z.array(answerOverrideSchema) }));

export const typingResultSchema = named('TypingResult', z.strictObject({ pushed: z.number().int().describe("the visitor's live connections told") }));

const timeSummary = z.strictObject({ count: z.number().int(), medianMinutes: z.number().nullable(), p90Minutes: z.number().nullable() });
const rate = z.number().nullable().describe('0..1; null when there is nothing to divide by');

export const agentFiguresSchema = named(
  'AgentFigures',
  z.strictObject({
    agent: z.string().describe("the agent's id (token sub)"),
    ticketsHandled: z.number().int().describe('tickets the agent answered first, replied on or resolved'),
    replies: z.number().int().describe('replies on resolved tickets'),
    firstResponse: z.strictObject({ count: z.number().int(), medianMinutes: z.number().nullable() }),
    resolution: z.strictObject({ count: z.number().int(), medianMinutes: z.number().nullable() }),
    csat: z.strictObject({ responses: z.number().int(), average: z.number().nullable() }),
  }),
);

const count = z.number().int();
export const helpCenterFiguresSchema = named(
  'HelpCenterFigures',
  z
    .strictObject({
      views: count.describe('article page views'),
      helpful: count.describe('"Did this help?" answered yes'),
      notHelpful: count.describe('answered no'),
      helpfulShare: rate.describe('helpful ÷ (helpful + not helpful)'),
      searchesWithoutResult: count.describe('searches in the help center that found nothing (the final query, not every keystroke)'),
      topMissedQueries: z
        .array(z.strictObject({ query: z.string().describe('folded: lower case, Turkish letters as ASCII'), locale: z.string(), count }))
        .describe('the ten commonest searches without result'),
      suggestionsShown: count.describe('articles the chat widget suggested while a visitor typed'),
      openedFromWidget: count.describe("articles opened from the widget's suggestions"),
      wroteAfterOpening: count.describe('of those, a chat message followed within 10 minutes'),
      deflections: count.describe('opened from the widget and no chat message within 10 minutes (per article and day: opened − wrote after, never below 0)'),
      deflectionRate: rate.describe('deflections ÷ opened from the widget'),
      topArticles: z
        .array(
          z.strictObject({
            id: z.string(),
            locale: z.string(),
            title: z.string().nullable().describe('null: no longer published'),
            views: count,
            fromWidget: count,
            helpful: count,
            notHelpful: count,
            suggested: count,
            wroteAfter: count,
            deflections: count,
          }),
        )
        .describe('the ten most viewed articles'),
    })
    .describe('the help center on the days of the range (UTC)'),
);

/** On GET /metrics: the NPS surveys sent in the range and their answers. */
export const npsFiguresSchema = named(
  'NpsFigures',
  z
    .strictObject({
      nps: z.number().int().min(-100).max(100).nullable().describe('% promoters − % detractors; null without answers'),
      promoters: z.number().int().describe('answers of 9 or 10'),
      passives: z.number().int().describe('answers of 7 or 8'),
      detractors: z.number().int().describe('answers of 0 to 6'),
      responses: z.number().int(),
      surveysSent: z.number().int(),
      responseRate: rate,
    })
    .describe('NPS of the surveys sent on the days of the range (UTC)'),
);

const byPolicyAndTarget = z
  .record(z.string(), z.strictObject({ first_response: z.number().int(), next_response: z.number().int(), resolution: z.number().int() }).partial())
  .describe('policy name → target → count');
const businessSummary = z
  .strictObject({ count: z.number().int(), medianMinutes: z.number().nullable(), p90Minutes: z.number().nullable() })
  .describe("minutes of business time (the team's calendar)");
const slaFiguresSchema = z.strictObject({
  breaches: byPolicyAndTarget,
  escalations: byPolicyAndTarget,
  firstResponseBusiness: businessSummary,
  resolutionBusiness: businessSummary,
  byTeam: z
    .record(
      z.string(),
      z.strictObject({
        tickets: z.number().int(),
        breaches: z.number().int(),
        escalations: z.number().int(),
        firstResponseBusiness: businessSummary,
        resolutionBusiness: businessSummary,
      }),
    )
    .describe('team id → figures; "-" is tickets without a team'),
});

const calendarSettingSchema = named(
  'Calendar',
  z.strictObject({
    tz: z.string().describe('IANA time zone'),
    weekly: z.array(z.array(z.tuple([z.number().int(), z.number().int()]))).describe('per weekday (0 Sunday), open spans in minutes from local midnight'),
    closed: z.record(z.string(), z.array(z.number().int())).describe('year → closed days of the year (1 = 1 January)'),
  }),
);
export const slaCalendarsSchema = named(
  'SlaCalendars',
  z.strictObject({ default: calendarSettingSchema.nullable(), named: z.record(z.string(), calendarSettingSchema) }),
);

export const metricsSchema = named(
  'Metrics',
  z.strictObject({
    from: z.string(),
    to: z.string(),
    tickets: z.number().int(),
    firstResponse: timeSummary.extend({ byBot: z.number().int(), byHuman: z.number().int() }),
    resolution: timeSummary,
    firstContactResolutionRate: rate,
    botDeflectionRate: rate,
    reopenRate: rate,
    csat: z.strictObject({ responses: z.number().int(), average: z.number().nullable(), satisfiedRate: rate }),
    volumeByChannel: z.record(z.string(), z.number().int()),
    volumeByIntent: z.record(z.string(), z.number().int()),
    volumeByDay: z
      .array(z.strictObject({ day: z.string().describe('YYYY-MM-DD (UTC)'), total: z.number().int(), byChannel: z.record(z.string(), z.number().int()) }))
      .describe('tickets opened per UTC day of the range, every day included, by channel'),
    csatDistribution: z
      .strictObject({ '1': z.number().int(), '2': z.number().int(), '3': z.number().int(), '4': z.number().int(), '5': z.number().int() })
      .describe('ratings per score'),
    topIntents: z.array(z.strictObject({ intent: z.string(), tickets: z.number().int() })).describe('the ten intents with most tickets, most first'),
    slaBreaches: z.number().int(),
    sla: slaFiguresSchema,
    agents: z.array(agentFiguresSchema).describe('per agent, by agent id'),
    helpCenter: helpCenterFiguresSchema,
    nps: npsFiguresSchema,
  }),
);

export const botIntentListSchema = named(
  'BotIntentList',
  z.strictObject({
    intents: z.array(
      z.strictObject({
        name: z.string(),
        description: z.string(),
        answerable: z.boolean().describe('the bot may answer it by itself, when confident enough'),
        alwaysHuman: z.boolean().describe('always goes to a person'),
        answers: z.record(z.string(), z.string()).describe("the bot definition's answer per locale (an override replaces it)"),
      }),
    ),
  }),
);

const countMap = z.record(z.string(), z.number().int());
export const ticketCountsSchema = named(
  'TicketCounts',
  z.strictObject({
    open: z
      .strictObject({
        total: z.number().int(),
        mine: z.number().int().describe("assigned to the caller (the token's sub)"),
        unassigned: z.number().int(),
        urgent: z.number().int(),
        dueSoon: z.number().int().describe('no first response yet, not breached, due within the hour'),
        breached: z.number().int().describe('an SLA breach recorded'),
        byChannel: countMap,
        byIntent: countMap.describe('classified tickets only'),
      })
      .describe('open tickets, as the inbox views list them'),
    pending: z.number().int(),
    resolved: z.number().int(),
    capped: z.array(z.enum(['pending', 'resolved'])).describe('statuses with at least this many: counting stopped at the cap'),
    at: time.describe('when the counts were taken'),
  }),
);

export const fileLinkSchema = named(
  'FileLink',
  z.strictObject({
    url: z.string().describe('a signed GET link; it stops working at expiresAt'),
    expiresAt: time,
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
  }),
);

export const uploadTicketSchema = named(
  'UploadTicket',
  z.strictObject({
    key: z.string().describe('name the file by this key in a reply (attachments) once uploaded'),
    url: z.string().describe('POST the form here (multipart/form-data): the fields first, then the file as "file"'),
    fields: z.record(z.string(), z.string()),
    maxBytes: z.number().int(),
    expiresAt: time,
  }),
);

export const uploadedFileSchema = named('UploadedFile', z.object({ ...attachmentRefSchema.shape, detectedType: z.string() }).strict());

/** The API's own document (GET /openapi.json): an OpenAPI 3.1 object. */
export const openApiObjectSchema = named('OpenApiDocument', z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }));

/** Bodies that are not JSON: the CSAT thank-you page, a webhook's plain-text answer. */
export const htmlPage = z.string().describe('an HTML page');
export const plainText = z.string().describe('plain text');

const action = z.strictObject({ type: z.enum(['quick_reply', 'csat', 'handover']), label: z.string(), value: z.string() });

export const chatTokenSchema = named(
  'ChatToken',
  z.strictObject({
    token: z.string().describe('send it as Authorization: Bearer, and as ?token= to the WebSocket'),
    visitorId: z.string(),
    customerVerified: z.boolean().describe("the shop's signed customer reference was verified"),
    expiresAt: time,
    websocketUrl: z.string(),
    limits: z.strictObject({
      maxChars: z.number().int(),
      messagesPerMinute: z.number().int(),
      maxFileBytes: z.number().int().describe('the largest photo or PDF POST /chat/attachments takes'),
      fileTypes: z.array(z.string()).describe('the file types it takes (checked by content)'),
    }),
  }),
);

export const chatAcceptedSchema = named('ChatAccepted', z.strictObject({ status: z.literal('accepted'), conversationId: z.string(), messageId: z.string() }));

const chatFile = z.strictObject({ filename: z.string(), contentType: z.string(), size: z.number().int() });

export const chatFileAcceptedSchema = named(
  'ChatFileAccepted',
  z.strictObject({ status: z.literal('accepted'), conversationId: z.string(), messageId: z.string(), file: chatFile.describe('what was stored') }),
);

export const chatHistorySchema = named(
  'ChatHistory',
  z.strictObject({
    conversationId: z.string(),
    items: z.array(
      z.strictObject({
        id: z.string().describe('also the `after` cursor'),
        direction: z.enum(['in', 'out']),
        kind: z.string(),
        text: z.string(),
        at: time,
        clientMessageId: z.string().optional(),
        actions: z.array(action).optional(),
        files: z.array(chatFile).optional().describe("the message's files, by name (never their storage keys)"),
      }),
    ),
    next: z.string().nullable(),
  }),
);

type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
/** What a representation function returns: the schema's output, read-only (the domain's types are). */
export type View<S extends z.ZodType> = DeepReadonly<z.output<S>>;
