import * as z from 'zod/mini';
import { channels, type Channel } from '#definitions/channels';
import '#definitions/zod-messages';
import { MAX_OUTBOUND_ATTACHMENTS, messageKey, outboundKinds } from './message-basics';

/** The channels a message can arrive on and leave by. */
export { channels, type Channel };

const nonEmpty = () => z.string().check(z.minLength(1));
const upTo = (max: number) => z.string().check(z.maxLength(max));
const between = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const count = () => z.int().check(z.nonnegative());

export const attachmentRefSchema = z.strictObject({
  bucket: nonEmpty(),
  key: nonEmpty(),
  filename: between(1, 255),
  contentType: nonEmpty(),
  size: count(),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

const verdict = z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED', 'NONE']);

/** What the e-mail channel knows about a message beyond its text (kept on the interaction). */
export const emailFactsSchema = z.strictObject({
  messageId: z.optional(upTo(998)),
  inReplyTo: z.optional(upTo(998)),
  references: z.optional(z.array(upTo(998)).check(z.maxLength(100))),
  /** The addresses the mail was sent to; absent when that is the support address alone. */
  to: z.optional(z.array(upTo(320)).check(z.maxLength(100))),
  cc: z.optional(z.array(upTo(320)).check(z.maxLength(100))),
  /** The support address the customer wrote to; replies come from it. */
  supportAddress: z.optional(upTo(320)),
  verdicts: z.optional(z.partial(z.strictObject({ spam: verdict, virus: verdict, spf: verdict, dkim: verdict, dmarc: verdict }))),
  raw: z.optional(z.strictObject({ bucket: z.string(), key: z.string(), size: count() })),
  /** How the mail found its ticket: message-id, reply-token, subject-number, subject-window or new. */
  threadedBy: z.optional(upTo(40)),
  /** Why the mail did not join the ticket its subject names (e.g. an unauthenticated colleague address). */
  threadingNote: z.optional(upTo(500)),
  /** What went wrong reading the message (malformed MIME, too large, skipped attachments). */
  problems: z.optional(z.array(upTo(500)).check(z.maxLength(50))),
});
export type EmailFacts = z.infer<typeof emailFactsSchema>;

/**
 * One message from a customer, whatever the channel: every ingest adapter produces this and nothing
 * else reaches the pipeline. Large content (attachments, raw MIME) travels by reference.
 */
export const inboundMessageSchema = z.strictObject({
  channel: z.enum(channels),
  /** The channel's own id for the message (e-mail Message-ID, chat client id, provider id). */
  channelMessageId: between(1, 512),
  /** The customer's address on that channel (e-mail address, chat visitor id, phone, social id). */
  from: z.strictObject({
    address: between(1, 320),
    name: z.optional(upTo(200)),
    /**
     * An e-mail address the customer gave on another channel. Verified (below), it links the two
     * identities; typed, it is only a contact hint for agents.
     */
    email: z.optional(z.email().check(z.maxLength(320))),
    /**
     * The shop vouched for `email` (a signed customer reference): only then does it link the visitor
     * to that customer, their history and their order details. A typed address proves nothing.
     */
    emailVerified: z.optional(z.literal(true)),
    /**
     * A phone number (E.164) the channel proves is the sender's (the WhatsApp sender); links
     * identities. Never a number typed in a message or a signature: anyone can type anyone's.
     */
    phone: z.optional(z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number'))),
  }),
  /** Groups messages of one conversation (e-mail thread root, chat visitor, social thread). */
  conversationKey: between(1, 512),
  /**
   * The conversation's ticket as the channel's own records name it (e-mail: the conversation item the
   * ingest read anyway), so the pipeline need not read the thread. A hint: a stale one fails a write's
   * condition and the retry reads the thread.
   */
  threadTicketId: z.optional(between(1, 64)),
  subject: z.optional(upTo(998)),
  text: z.string(),
  html: z.optional(z.string()),
  attachments: z._default(z.array(attachmentRefSchema).check(z.maxLength(50)), []),
  receivedAt: z.iso.datetime({ offset: true }),
  localeHint: z.optional(between(2, 35)),
  /** The new part of a reply, without the quoted history (e-mail); agents see it first. */
  newText: z.optional(z.string()),
  /** Why no automatic message (acknowledgement, bot answer) may answer this one; it is still stored. */
  suppressAutoReply: z.optional(between(1, 500)),
  /** The channel sends no acknowledgement for a new ticket (configured off); bot answers still go. */
  noAcknowledgement: z.optional(z.literal(true)),
  /** E-mail facts kept on the interaction: headers, SES verdicts, where the raw message is. */
  email: z.optional(emailFactsSchema),
  /** Social: the provider's id of the message this one answers or reacts to. */
  replyTo: z.optional(between(1, 512)),
  /** Social: this message is the customer's edit of an earlier one, named by the provider's id (its channelMessageId). */
  editOf: z.optional(between(1, 512)),
  /** Social: a public comment under the shop's post (its ticket is public, with a higher priority). */
  public: z.optional(z.boolean()),
});
export type InboundMessage = z.infer<typeof inboundMessageSchema>;
export type InboundMessageInput = z.input<typeof inboundMessageSchema>;

export { MAX_OUTBOUND_ATTACHMENTS, messageKey, outboundKinds };

/**
 * Buttons a channel may show under a message (chat quick replies, CSAT ratings, "talk to a person").
 * Channels without buttons render them as text; `value` is what comes back as the customer's message.
 */
export const outboundActionSchema = z.strictObject({
  type: z.enum(['quick_reply', 'csat', 'handover']),
  label: between(1, 80),
  value: between(1, 256),
});
export type OutboundAction = z.infer<typeof outboundActionSchema>;

/** One message to a customer. Its interaction on the ticket is the delivery record (see sender). */
export const outboundMessageSchema = z.strictObject({
  outboundId: between(1, 128),
  ticketId: nonEmpty(),
  /** Id of the outbound interaction on the ticket (Interaction.key), which records its delivery state. */
  interactionKey: nonEmpty(),
  kind: z.enum(outboundKinds),
  channel: z.enum(channels),
  to: nonEmpty(),
  conversationKey: nonEmpty(),
  subject: z.optional(z.string()),
  text: nonEmpty(),
  html: z.optional(z.string()),
  locale: z.string().check(z.minLength(2)),
  createdAt: z.iso.datetime({ offset: true }),
  /** At most 11: the NPS scale, 0 to 10. */
  actions: z.optional(z.array(outboundActionSchema).check(z.maxLength(11))),
  /** Social channels: answer a public comment publicly (under the post) or privately (a DM). */
  visibility: z.optional(z.enum(['public', 'private'])),
  /** Files from the attachments bucket sent with the text (e-mail attaches them; social sends each as a file message). */
  attachments: z.optional(z.array(attachmentRefSchema).check(z.maxLength(MAX_OUTBOUND_ATTACHMENTS))),
});
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;
