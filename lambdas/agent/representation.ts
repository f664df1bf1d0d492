import { slaView } from './sla-view';
import { humanResponseOf } from '#core/sla';
import { replyWindow } from '#channels/social/window';
import { formatTicketNumber, type Customer, type Identity, type Interaction, type Ticket } from '#core/model';
import type { customerSummarySchema, customerViewSchema, interactionViewSchema, ticketViewSchema, View } from './responses';

const loadSanitizer = () => import('sanitize-html');
let sanitizer: ReturnType<typeof loadSanitizer> | undefined;

/**
 * Customer HTML as a console may show it: formatting and links only; no script, style, event
 * handler, form, frame or remote image (tracking pixels), and links open without the opener.
 */
export async function sanitiseCustomerHtml(html: string): Promise<string> {
  // sanitize-html (with postcss and htmlparser2) is a tenth of the agent API's cold start; most
  // requests show no customer HTML, so it loads with the first that does.
  const { default: sanitizeHtml } = await (sanitizer ??= loadSanitizer());
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'b',
      'strong',
      'i',
      'em',
      'u',
      's',
      'blockquote',
      'pre',
      'code',
      'ul',
      'ol',
      'li',
      'a',
      'h1',
      'h2',
      'h3',
      'h4',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'div',
      'span',
      'hr',
    ],
    allowedAttributes: { a: ['href', 'rel', 'target'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  });
}

/** How a ticket looks to agents. */
export function ticketView(t: Ticket): View<typeof ticketViewSchema> {
  return {
    id: t.id,
    reference: formatTicketNumber(t.number),
    number: t.number,
    status: t.status,
    priority: t.priority,
    channel: t.channel,
    customerId: t.customerId,
    conversationId: t.conversationKey,
    subject: t.subject ?? null,
    preview: t.preview ?? null,
    customerName: t.customerName ?? null,
    locale: t.locale,
    assignee: t.assignee ?? null,
    team: t.team ?? null,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    lastInboundAt: t.lastInboundAt,
    firstResponseDueAt: t.firstResponseDueAt,
    interactionCount: t.interactionCount,
    version: t.version,
    handling: t.handling ?? 'human',
    handoverReason: t.handoverReason ?? null,
    botAnswered: t.botAnswered ?? false,
    awaiting: t.botDialog ?? null,
    classification: t.classification ?? null,
    latestIntent: t.latestIntent ?? t.classification?.intent ?? null,
    orderNumber: t.orderNumber ?? null,
    priorityReasons: t.priorityReasons ?? [],
    suggestedAnswer: t.suggestedAnswer ?? null,
    reaction: t.reaction ?? null,
    tags: t.tags ?? [],
    firstResponseAt: t.firstResponseAt ?? null,
    firstResponder: t.firstResponder ?? null,
    handedOffAt: t.handedOffAt ?? null,
    humanResponseAt: humanResponseOf(t) ?? null,
    resolvedAt: t.resolvedAt ?? null,
    reopenCount: t.reopenCount ?? 0,
    slaBreachedAt: t.slaBreachedAt ?? null,
    sla: slaView(t),
    csat: t.csat ?? null,
    public: t.public ?? false,
    lastDeliveryFailure: t.lastDeliveryFailure ?? null,
    /** Addresses the customer typed (pre-chat form): unverified, never linked to a customer. */
    contactHints: t.contactHints ?? [],
    /** Whether an agent's free-form reply can reach the customer now (WhatsApp 24 h, Messenger 7 days). */
    replyWindow: replyWindow(t.channel, t.lastInboundAt, new Date()),
  };
}

/**
 * How an interaction looks to agents. `text` is plain text (a console must show it as text);
 * customer HTML comes only sanitised, in `htmlSanitised`.
 */
/** How an interaction looks to agents (its HTML sanitised, which may load the sanitiser). */
export async function renderInteraction(i: Interaction): Promise<View<typeof interactionViewSchema>> {
  return {
    id: i.key,
    direction: i.direction,
    kind: i.kind,
    channel: i.channel,
    at: i.at,
    from: i.from ?? null,
    to: i.to ?? null,
    subject: i.subject ?? null,
    text: i.text,
    hasHtml: Boolean(i.html),
    htmlSanitised: i.html ? await sanitiseCustomerHtml(i.html) : null,
    attachments: i.attachments ?? [],
    locale: i.locale ?? null,
    /** E-mail: the reply without the quoted history, which agents read first (`text` keeps it all). */
    newText: i.newText ?? null,
    autoReplySuppressed: i.autoReplySuppressed ?? null,
    replyTo: i.replyTo ?? null,
    /** Inbound: the channel's own id of the message (what a later edit's `editOf` names). */
    messageId: i.direction === 'in' && i.messageKey ? i.messageKey.slice(i.messageKey.indexOf('#') + 1) : null,
    /** Social: the customer's edit of an earlier message (the provider's id of the original). */
    editOf: i.editOf ?? null,
    /** E-mail: how it found its ticket, SES's verdicts, and why not the ticket its subject names. */
    threading: i.email?.threadedBy ? { by: i.email.threadedBy, note: i.email.threadingNote ?? null, verdicts: i.email.verdicts ?? null } : null,
    delivery: i.delivery
      ? {
          status: i.delivery.status,
          sentAt: i.delivery.sentAt ?? null,
          lastError: i.delivery.lastError ?? null,
          providerStatus: i.delivery.providerStatus ?? null,
          deliveredAt: i.delivery.deliveredAt ?? null,
          readAt: i.delivery.readAt ?? null,
        }
      : null,
    classification: i.classification ?? null,
    priority: i.priority ?? null,
    author: i.author ?? null,
    event: i.event ?? null,
  };
}

export function customerView(c: Customer, identities: readonly Identity[]): View<typeof customerViewSchema> {
  return {
    ...customerSummary(c),
    identities: identities.map((i) => ({ kind: i.channel, address: i.address })),
    contactHints: c.contactHints ?? [],
  };
}

/** A customer as the list of every customer shows one. */
export function customerSummary(c: Customer): View<typeof customerSummarySchema> {
  return {
    id: c.id,
    name: c.name ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
    category: c.category ?? null,
    tags: [...(c.tags ?? [])],
    createdAt: c.createdAt,
    mergedInto: c.mergedInto ?? null,
    erasedAt: c.erasedAt ?? null,
  };
}
