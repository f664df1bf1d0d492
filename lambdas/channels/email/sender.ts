import { PermanentDeliveryError } from '#core/errors';
import type { OutboundMessage } from '#core/messages';
import type { AttachmentSource, ChannelSender } from '#core/ports';
import { automaticKinds, buildMime, htmlWithActions, textWithActions } from './compose';
import type { EmailStore } from './ports';
import { frameReply } from './reply-frame';
import { ownMessageId, replyAddress } from './reply-token';
import { deliveryTags } from './ses-message';
import { replySubject } from './subject';

export { sesMessageId } from './ses-message';

export interface EmailSenderDeps {
  readonly store: EmailStore;
  /** Hands the raw MIME to SES (v2 SendEmail, raw content) with message tags; returns SES's message id. */
  readonly sendRaw: (raw: Buffer, envelope: { from: string; to: string }, tags: Readonly<Record<string, string>>) => Promise<string>;
  readonly settings: {
    readonly supportAddresses: readonly string[];
    readonly fromName: string;
    /** Signatures of automatic answers, per locale (a default in the locale when absent). */
    readonly signature?: Readonly<Record<string, string>> | undefined;
  };
  readonly replyTokenSecret: string;
  /** Reads the files a reply carries from the attachments bucket. */
  readonly files: AttachmentSource;
}

/** SES takes raw messages up to 40 MB; base64 makes files a third larger, headers and text need room. */
export const MAX_EMAIL_ATTACHMENT_BYTES = 25 * 1024 * 1024;

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** The Message-ID of an outbound message: derived from its id, so a retried send keeps the same one; signed (see ownMessageId). */
export const outboundMessageId = (msg: Pick<OutboundMessage, 'outboundId' | 'ticketId'>, supportAddress: string, secret: string) =>
  ownMessageId(secret, msg.outboundId, msg.ticketId, domainOf(supportAddress));

/**
 * The e-mail ChannelSender: everything e-mail-specific comes from the message and the stored
 * conversation, so any producer (pipeline, agent API) just enqueues an OutboundMessage.
 * From is the support address the customer wrote to, Reply-To carries the ticket's signed token,
 * In-Reply-To/References continue the customer's thread, the subject keeps [#N], and automatic
 * mails say they are automatic.
 */
export function makeEmailSender(deps: EmailSenderDeps): ChannelSender {
  return {
    async send(msg) {
      const to = msg.to.toLowerCase();
      const { suppression: suppressed, conversation } = await deps.store.sendingContext(to, msg.conversationKey);
      // Nothing more goes to an address that bounced or complained; the delivery is recorded failed.
      if (suppressed) throw new PermanentDeliveryError(`${to} is suppressed: ${suppressed.reason}`);
      const files = msg.attachments ?? [];
      const total = files.reduce((n, f) => n + f.size, 0);
      if (total > MAX_EMAIL_ATTACHMENT_BYTES)
        throw new PermanentDeliveryError(`files of ${total} bytes are more than an e-mail carries (${MAX_EMAIL_ATTACHMENT_BYTES})`);
      const attachments = await Promise.all(files.map(async (f) => ({ filename: f.filename, contentType: f.contentType, content: await deps.files.read(f) })));
      const from = conversation?.supportAddress ?? deps.settings.supportAddresses[0]!;
      const messageId = outboundMessageId(msg, from, deps.replyTokenSecret);
      // The customer's mail we answer, not an acknowledgement of ours sent since (that stays in References).
      const inReplyTo = conversation?.lastCustomerMessageId ?? conversation?.lastMessageId;
      const references = [...(conversation?.references ?? []), ...(conversation?.lastMessageId ? [conversation.lastMessageId] : [])];
      // The bot's answer reads like a reply: greeting by name, the answer, signature, ticket number.
      const body =
        msg.kind === 'bot_answer'
          ? frameReply(msg.text, {
              locale: msg.locale,
              customerName: conversation?.customerName,
              ticketNumber: msg.ticketId,
              fromName: deps.settings.fromName,
              signatures: deps.settings.signature,
            })
          : { text: msg.text, html: msg.html };
      const raw = await buildMime({
        from: { name: deps.settings.fromName, address: from },
        to: msg.to,
        replyTo: replyAddress(deps.replyTokenSecret, from, msg.ticketId),
        subject: replySubject(conversation?.subject ?? msg.subject, msg.ticketId),
        messageId,
        ...(inReplyTo ? { inReplyTo } : {}),
        // Long chains keep their root and latest ids (RFC 5322 allows trimming the middle). Our own id
        // goes last: SES replaces the Message-ID header but leaves References, so replies carry it back.
        references: [...[...new Set(references)].filter((_, i, all) => i === 0 || i >= all.length - 18), messageId],
        text: textWithActions(body.text, msg.actions),
        html: htmlWithActions(body.text, body.html, msg.actions),
        automatic: automaticKinds.has(msg.kind),
        attachments,
      });
      // No write for the thread: our own Message-ID names the ticket (signed), so replies quoting it need
      // no item; SES's id (which replaces ours in the header) is kept as the reply's provider id, where a
      // reply quoting only that one is checked; bounces name the reply by its tags.
      const sent = { ticketId: msg.ticketId, interactionKey: msg.interactionKey };
      const providerMessageId = await deps.sendRaw(raw, { from, to: msg.to }, deliveryTags(sent));
      return { providerMessageId };
    },
  };
}
