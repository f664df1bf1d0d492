import { formatTicketNumber, type Interaction, type Ticket } from '../core/model';

/** How a ticket looks to agents. */
export function ticketView(t: Ticket) {
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
    locale: t.locale,
    assignee: t.assignee ?? null,
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
    priorityReasons: t.priorityReasons ?? [],
    suggestedAnswer: t.suggestedAnswer ?? null,
    reaction: t.reaction ?? null,
  };
}

/**
 * How an interaction looks to agents. Customer HTML is not served here: the text part is what a
 * console shows, so nothing a customer sent can run as script in it.
 */
export function interactionView(i: Interaction) {
  return {
    id: i.key.slice('INTERACTION#'.length),
    direction: i.direction,
    kind: i.kind,
    channel: i.channel,
    at: i.at,
    from: i.from ?? null,
    to: i.to ?? null,
    subject: i.subject ?? null,
    text: i.text,
    hasHtml: Boolean(i.html),
    attachments: i.attachments ?? [],
    locale: i.locale ?? null,
    delivery: i.delivery ? { status: i.delivery.status, sentAt: i.delivery.sentAt ?? null } : null,
    classification: i.classification ?? null,
    priority: i.priority ?? null,
  };
}
