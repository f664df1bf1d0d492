import * as z from 'zod';
import { channels, type Channel } from '#definitions/channels';

/** The channels a message can arrive on and leave by. */
export { channels, type Channel };

export const attachmentRefSchema = z
  .object({
    bucket: z.string().min(1),
    key: z.string().min(1),
    filename: z.string().min(1).max(255),
    contentType: z.string().min(1),
    size: z.number().int().nonnegative(),
  })
  .strict();
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

const verdict = z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED', 'NONE']);

/** What the e-mail channel knows about a message beyond its text (kept on the interaction). */
export const emailFactsSchema = z
  .object({
    messageId: z.string().max(998).optional(),
    inReplyTo: z.string().max(998).optional(),
    references: z.array(z.string().max(998)).max(100).optional(),
    /** The addresses the mail was sent to; absent when that is the support address alone. */
    to: z.array(z.string().max(320)).max(100).optional(),
    cc: z.array(z.string().max(320)).max(100).optional(),
    /** The support address the customer wrote to; replies come from it. */
    supportAddress: z.string().max(320).optional(),
    verdicts: z.object({ spam: verdict, virus: verdict, spf: verdict, dkim: verdict, dmarc: verdict }).partial().strict().optional(),
    raw: z.object({ bucket: z.string(), key: z.string(), size: z.number().int().nonnegative() }).strict().optional(),
    /** How the mail found its ticket: message-id, reply-token, subject-number, subject-window or new. */
    threadedBy: z.string().max(40).optional(),
    /** Why the mail did not join the ticket its subject names (e.g. an unauthenticated colleague address). */
    threadingNote: z.string().max(500).optional(),
    /** What went wrong reading the message (malformed MIME, too large, skipped attachments). */
    problems: z.array(z.string().max(500)).max(50).optional(),
  })
  .strict();
export type EmailFacts = z.infer<typeof emailFactsSchema>;

/**
 * One message from a customer, whatever the channel: every ingest adapter produces this and nothing
 * else reaches the pipeline. Large content (attachments, raw MIME) travels by reference.
 */
export const inboundMessageSchema = z
  .object({
    channel: z.enum(channels),
    /** The channel's own id for the message (e-mail Message-ID, chat client id, provider id). */
    channelMessageId: z.string().min(1).max(512),
    /** The customer's address on that channel (e-mail address, chat visitor id, phone, social id). */
    from: z
      .object({
        address: z.string().min(1).max(320),
        name: z.string().max(200).optional(),
        /**
         * An e-mail address the customer gave on another channel. Verified (below), it links the two
         * identities; typed, it is only a contact hint for agents.
         */
        email: z.string().email().max(320).optional(),
        /**
         * The shop vouched for `email` (a signed customer reference): only then does it link the visitor
         * to that customer, their history and their order details. A typed address proves nothing.
         */
        emailVerified: z.literal(true).optional(),
        /**
         * A phone number (E.164) the channel proves is the sender's (the WhatsApp sender); links
         * identities. Never a number typed in a message or a signature: anyone can type anyone's.
         */
        phone: z
          .string()
          .regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number')
          .optional(),
      })
      .strict(),
    /** Groups messages of one conversation (e-mail thread root, chat visitor, social thread). */
    conversationKey: z.string().min(1).max(512),
    subject: z.string().max(998).optional(),
    text: z.string(),
    html: z.string().optional(),
    attachments: z.array(attachmentRefSchema).max(50).default([]),
    receivedAt: z.string().datetime({ offset: true }),
    localeHint: z.string().min(2).max(35).optional(),
    /** The new part of a reply, without the quoted history (e-mail); agents see it first. */
    newText: z.string().optional(),
    /** Why no automatic message (acknowledgement, bot answer) may answer this one; it is still stored. */
    suppressAutoReply: z.string().min(1).max(500).optional(),
    /** The channel sends no acknowledgement for a new ticket (configured off); bot answers still go. */
    noAcknowledgement: z.literal(true).optional(),
    /** E-mail facts kept on the interaction: headers, SES verdicts, where the raw message is. */
    email: emailFactsSchema.optional(),
    /** Social: the provider's id of the message this one answers or reacts to. */
    replyTo: z.string().min(1).max(512).optional(),
    /** Social: a public comment under the shop's post (its ticket is public, with a higher priority). */
    public: z.boolean().optional(),
  })
  .strict();
export type InboundMessage = z.infer<typeof inboundMessageSchema>;
export type InboundMessageInput = z.input<typeof inboundMessageSchema>;

/** Files one reply may carry: each is a message of its own on the social channels. */
export const MAX_OUTBOUND_ATTACHMENTS = 5;

export const outboundKinds = ['acknowledgement', 'bot_answer', 'agent_reply', 'csat_request'] as const;

/**
 * Buttons a channel may show under a message (chat quick replies, CSAT ratings, "talk to a person").
 * Channels without buttons render them as text; `value` is what comes back as the customer's message.
 */
export const outboundActionSchema = z
  .object({
    type: z.enum(['quick_reply', 'csat', 'handover']),
    label: z.string().min(1).max(80),
    value: z.string().min(1).max(256),
  })
  .strict();
export type OutboundAction = z.infer<typeof outboundActionSchema>;

/** One message to a customer. Its interaction on the ticket is the delivery record (see sender). */
export const outboundMessageSchema = z
  .object({
    outboundId: z.string().min(1).max(128),
    ticketId: z.string().min(1),
    /** Id of the outbound interaction on the ticket (Interaction.key), which records its delivery state. */
    interactionKey: z.string().min(1),
    kind: z.enum(outboundKinds),
    channel: z.enum(channels),
    to: z.string().min(1),
    conversationKey: z.string().min(1),
    subject: z.string().optional(),
    text: z.string().min(1),
    html: z.string().optional(),
    locale: z.string().min(2),
    createdAt: z.string().datetime({ offset: true }),
    actions: z.array(outboundActionSchema).max(10).optional(),
    /** Social channels: answer a public comment publicly (under the post) or privately (a DM). */
    visibility: z.enum(['public', 'private']).optional(),
    /** Files from the attachments bucket sent with the text (e-mail attaches them; social sends each as a file message). */
    attachments: z.array(attachmentRefSchema).max(MAX_OUTBOUND_ATTACHMENTS).optional(),
  })
  .strict();
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

/** Key of a channel message across the whole system: the replay guard and the SQS dedup id. */
export function messageKey(m: Pick<InboundMessage, 'channel' | 'channelMessageId'>): string {
  return `${m.channel}#${m.channelMessageId}`;
}
