import { createHash } from 'node:crypto';
import { messageKey, type InboundMessage, type OutboundMessage } from './messages';
import { formatTicketNumber, type Customer, type Identity, type Interaction, type Ticket } from './model';
import { acknowledgementText, pickLocale } from './templates';

export interface PipelineSettings {
  readonly defaultLocale: string;
  readonly locales: readonly string[];
  readonly firstResponseHours: number;
}

/** What the store knows about the message's sender and conversation, read before planning. */
export interface InboundContext {
  readonly identity?: Identity;
  /** Identity for the e-mail address the customer gave on this channel, when any. */
  readonly emailIdentity?: Identity;
  /** The conversation's current ticket, when the conversation has one. */
  readonly ticket?: Ticket;
  /** A freshly allocated number, present when a new ticket must be opened. */
  readonly newTicketNumber?: number;
}

/** Everything one inbound message writes, as one transaction guarded by the message key. */
export interface InboundCommit {
  readonly messageKey: string;
  readonly processedAt: string;
  readonly newCustomer?: Customer;
  readonly newIdentities: readonly Identity[];
  readonly ticket: Ticket;
  /** undefined: create the ticket; a number: the version the update expects to replace. */
  readonly expectedTicketVersion?: number;
  /** Set when the conversation must point at a (new) ticket. */
  readonly threadTicketId?: string;
  /** The (closed) ticket the thread pointed at, which the thread write expects to replace. */
  readonly previousThreadTicketId?: string;
  readonly interaction: Interaction;
  readonly outbound: readonly { interaction: Interaction; message: OutboundMessage }[];
}

/** A ticket of the conversation takes the message unless it is closed; a closed one starts anew. */
export function needsNewTicket(ticket: Ticket | undefined): boolean {
  return !ticket || ticket.status === 'closed';
}

const shortHash = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 16);

/** Deterministic ids: a replayed message plans the same keys, so nothing can be written twice. */
export const interactionKey = (at: string, id: string): string => `INTERACTION#${at}#${id}`;

/**
 * Plans what an inbound message changes, without touching any store: customer and identities,
 * the ticket (new or threaded), the interaction, and the replies to send.
 */
export function planInbound(
  msg: InboundMessage,
  ctx: InboundContext,
  settings: PipelineSettings,
  now: Date,
  newId: () => string,
): InboundCommit {
  const key = messageKey(msg);
  const nowIso = now.toISOString();
  const customerId = ctx.identity?.customerId ?? ctx.emailIdentity?.customerId ?? `c_${newId()}`;
  const isNewCustomer = !ctx.identity && !ctx.emailIdentity;
  const newIdentities: Identity[] = [];
  if (!ctx.identity) newIdentities.push({ channel: msg.channel, address: msg.from.address, customerId });
  if (msg.from.email && !ctx.emailIdentity && msg.channel !== 'email') {
    newIdentities.push({ channel: 'email', address: msg.from.email, customerId });
  }

  const locale = ctx.ticket && !needsNewTicket(ctx.ticket)
    ? ctx.ticket.locale
    : pickLocale(msg.localeHint, settings.locales, settings.defaultLocale);
  const creating = needsNewTicket(ctx.ticket);
  let ticket: Ticket;
  if (creating) {
    if (ctx.newTicketNumber === undefined) throw new Error('planInbound: a new ticket needs a number');
    const due = new Date(now.getTime() + settings.firstResponseHours * 3_600_000).toISOString();
    ticket = {
      id: String(ctx.newTicketNumber),
      number: ctx.newTicketNumber,
      status: 'open',
      priority: 'normal',
      channel: msg.channel,
      customerId,
      conversationKey: msg.conversationKey,
      ...(msg.subject ? { subject: msg.subject } : {}),
      locale,
      createdAt: nowIso,
      updatedAt: nowIso,
      lastInboundAt: nowIso,
      firstResponseDueAt: due,
      interactionCount: 1,
      version: 1,
    };
  } else {
    const current = ctx.ticket!;
    // A customer writing again puts a pending or resolved ticket back in the agents' queue.
    ticket = {
      ...current,
      status: 'open',
      updatedAt: nowIso,
      lastInboundAt: nowIso,
      interactionCount: current.interactionCount + 1,
      version: current.version + 1,
    };
  }

  const interaction: Interaction = {
    ticketId: ticket.id,
    key: interactionKey(msg.receivedAt, shortHash(key)),
    direction: 'in',
    kind: 'message',
    channel: msg.channel,
    customerId,
    at: msg.receivedAt,
    messageKey: key,
    from: msg.from.address,
    ...(msg.subject ? { subject: msg.subject } : {}),
    text: msg.text,
    ...(msg.html ? { html: msg.html } : {}),
    ...(msg.attachments.length ? { attachments: msg.attachments } : {}),
    locale,
  };

  const outbound: InboundCommit['outbound'][number][] = [];
  if (creating) {
    const outboundId = shortHash(`${key}#acknowledgement`);
    const ackKey = interactionKey(nowIso, outboundId);
    const text = acknowledgementText(locale, {
      ticket: formatTicketNumber(ticket.number),
      hours: settings.firstResponseHours,
      ...(msg.from.name ? { name: msg.from.name } : {}),
    });
    const message: OutboundMessage = {
      outboundId,
      ticketId: ticket.id,
      interactionKey: ackKey,
      kind: 'acknowledgement',
      channel: msg.channel,
      to: msg.from.address,
      conversationKey: msg.conversationKey,
      ...(msg.subject ? { subject: msg.subject } : {}),
      text,
      locale,
      createdAt: nowIso,
    };
    outbound.push({
      message,
      interaction: {
        ticketId: ticket.id,
        key: ackKey,
        direction: 'out',
        kind: 'acknowledgement',
        channel: msg.channel,
        customerId,
        at: nowIso,
        to: msg.from.address,
        text,
        locale,
        delivery: { status: 'pending', attempts: 0 },
      },
    });
  }

  return {
    messageKey: key,
    processedAt: nowIso,
    ...(isNewCustomer
      ? {
          newCustomer: {
            id: customerId,
            ...(msg.from.name ? { name: msg.from.name } : {}),
            ...(msg.from.email ? { email: msg.from.email } : {}),
            createdAt: nowIso,
          },
        }
      : {}),
    newIdentities,
    ticket,
    ...(creating ? {} : { expectedTicketVersion: ctx.ticket!.version }),
    ...(creating ? { threadTicketId: ticket.id } : {}),
    ...(creating && ctx.ticket ? { previousThreadTicketId: ctx.ticket.id } : {}),
    interaction,
    outbound,
  };
}
