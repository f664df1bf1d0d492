import { createHash } from 'node:crypto';
import type { AttachmentRef, EmailFacts, InboundMessage } from '../../core/messages';
import { autoReplySuppression } from './loop-guard';
import { envelopeSender, verdictsOf, type SesReceiptNotification } from './notification';
import type { EmailStore, ParsedMail } from './ports';
import { resolveThread, type ThreadedBy } from './threading';
import { PoisonMessageError } from '../../core/errors';

export interface EmailLimits {
  readonly autoRepliesPerSenderPerHour: number;
  readonly autoRepliesPerTicketPerHour: number;
  readonly maxMessageBytes: number;
  readonly maxAttachmentBytes: number;
  readonly maxAttachments: number;
}

export interface EmailSettings {
  readonly supportAddresses: readonly string[];
  readonly fromName: string;
  readonly colleagueDomains: readonly string[];
  readonly subjectWindowHours: number;
  readonly acknowledgement: { readonly enabled: boolean };
  readonly limits: EmailLimits;
}

export interface EmailIngestDeps {
  readonly store: EmailStore;
  readonly readRaw: (bucket: string, key: string) => Promise<Uint8Array>;
  readonly putAttachment: (key: string, content: Uint8Array, contentType: string) => Promise<void>;
  readonly attachmentsBucket: string;
  /** The parser: never throws; what it could not read is in `errors`. */
  readonly parse: (raw: Uint8Array, limits: { maxMessageBytes: number; maxAttachmentBytes: number; maxAttachments: number }) => Promise<ParsedMail>;
  readonly enqueue: (msg: InboundMessage) => Promise<void>;
  readonly settings: EmailSettings;
  readonly replyTokenSecret: string;
  readonly now?: () => Date;
}

export interface EmailIngestResult {
  readonly channelMessageId: string;
  readonly conversationKey: string;
  readonly threadedBy: ThreadedBy;
  readonly suppressAutoReply?: string;
  readonly problems: readonly string[];
}

// Queue messages and table items have size limits; the whole message stays in the raw copy.
const MAX_TEXT_CHARS = 60_000;
const MAX_HTML_CHARS = 80_000;

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

const datePath = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '/');

/**
 * One SES receipt notification to one InboundMessage: read the stored raw mail, parse it, put its
 * attachments in the attachments bucket, find its conversation, ask the loop guard whether anything
 * automatic may answer it, and enqueue it. Whatever is wrong with the mail, it is enqueued with the
 * reason; only a notification that names no stored mail fails (and ends in the DLQ).
 */
export async function ingestEmail(deps: EmailIngestDeps, n: SesReceiptNotification): Promise<EmailIngestResult> {
  const now = deps.now?.() ?? new Date();
  const { bucketName, objectKey } = n.receipt.action;
  if (n.receipt.action.type !== 'S3' || !bucketName || !objectKey) {
    throw new PoisonMessageError(`receipt action ${n.receipt.action.type} names no stored message`);
  }
  const raw = await deps.readRaw(bucketName, objectKey);
  const { limits } = deps.settings;
  const parsed = await deps.parse(raw, limits);
  const problems = parsed.errors.map((e) => `${e.code}: ${e.message}`);
  if (parsed.errors.some((e) => e.code === 'message_too_large')) problems.push(`the whole message is kept at s3://${bucketName}/${objectKey}`);
  const received = Number.isNaN(Date.parse(n.mail.timestamp)) ? now : new Date(n.mail.timestamp);
  const rawHash = sha256(raw);
  const channelMessageId = parsed.messageId ?? `sha256:${rawHash}`;
  const messageHash = sha256(channelMessageId).slice(0, 24);
  const envelope = envelopeSender(n);
  const sender = (parsed.from?.address || envelope || '').toLowerCase() || undefined;
  if (!parsed.from?.address && sender) problems.push(`the envelope sender ${sender} stands in for the missing From`);

  const attachments: AttachmentRef[] = [];
  let index = 0;
  for (const a of parsed.attachments) {
    index++;
    // Skipped ones (over a limit) are reported by the parser in `errors`, so in `problems` already.
    if (a.skipped) continue;
    const key = `email/${datePath(received)}/${messageHash}/${index}-${a.filename}`;
    await deps.putAttachment(key, a.content, a.contentType);
    attachments.push({ bucket: deps.attachmentsBucket, key, filename: a.filename.slice(0, 255) || `attachment-${index}`, contentType: a.contentType, size: a.size });
  }

  const recipients = [...n.receipt.recipients, ...n.mail.destination, ...parsed.to.map((a) => a.address), ...parsed.cc.map((a) => a.address)];
  const supportAddress = recipients
    .map((r) => r.toLowerCase())
    .map((r) => deps.settings.supportAddresses.find((s) => r === s || r.replace(/\+[^@]*@/, '@') === s))
    .find(Boolean);
  const thread = await resolveThread(
    deps.store,
    {
      sender,
      subject: parsed.subject,
      inReplyTo: parsed.inReplyTo ?? undefined,
      references: parsed.references,
      recipients,
      newConversationKey: `mail-${messageHash}`,
      now,
    },
    { ...deps.settings, replyTokenSecret: deps.replyTokenSecret },
  );
  const verdicts = verdictsOf(n, parsed.headers);
  const suppressAutoReply = await autoReplySuppression(
    deps.store,
    { parsed, sender, envelopeSender: envelope, verdicts, conversationKey: thread.conversationKey, messageHash, now },
    deps.settings,
  );

  // Replies to this mail (or later mails quoting it) find the conversation by its Message-ID.
  if (parsed.messageId) await deps.store.rememberMessageId(parsed.messageId, thread.conversationKey);
  if (parsed.messageId) {
    await deps.store.recordConversationMessage({
      conversationKey: thread.conversationKey,
      messageId: parsed.messageId,
      references: parsed.references,
      ...(parsed.subject ? { subject: parsed.subject } : {}),
      ...(supportAddress ? { supportAddress } : {}),
    });
  }

  let text = parsed.text;
  if (text.length > MAX_TEXT_CHARS) {
    problems.push(`text cut to ${MAX_TEXT_CHARS} characters; the whole message is in the raw copy`);
    text = text.slice(0, MAX_TEXT_CHARS);
  }
  if (!text.trim() && problems.length) text = `(no readable text: ${problems[0]})`;
  const html = parsed.html !== null && parsed.html.length <= MAX_HTML_CHARS ? parsed.html : undefined;
  if (parsed.html && !html) problems.push('HTML part left out (too large); the whole message is in the raw copy');

  const email: EmailFacts = {
    ...(parsed.messageId ? { messageId: parsed.messageId.slice(0, 998) } : {}),
    ...(parsed.inReplyTo ? { inReplyTo: parsed.inReplyTo.slice(0, 998) } : {}),
    ...(parsed.references.length ? { references: parsed.references.slice(-100).map((r) => r.slice(0, 998)) } : {}),
    ...(parsed.to.length ? { to: parsed.to.slice(0, 100).map((a) => a.address.slice(0, 320)) } : {}),
    ...(parsed.cc.length ? { cc: parsed.cc.slice(0, 100).map((a) => a.address.slice(0, 320)) } : {}),
    ...(supportAddress ? { supportAddress } : {}),
    ...(Object.keys(verdicts).length ? { verdicts } : {}),
    raw: { bucket: bucketName, key: objectKey, size: raw.byteLength },
    ...(problems.length ? { problems: problems.slice(0, 50).map((p) => p.slice(0, 500)) } : {}),
  };
  const newText = parsed.newText?.slice(0, MAX_TEXT_CHARS);
  const msg: InboundMessage = {
    channel: 'email',
    channelMessageId: channelMessageId.slice(0, 512),
    from: {
      address: sender ?? 'unknown-sender@invalid',
      ...(parsed.from?.name ? { name: parsed.from.name.slice(0, 200) } : {}),
    },
    conversationKey: thread.conversationKey,
    ...(parsed.subject ? { subject: parsed.subject.slice(0, 998) } : {}),
    text,
    ...(html ? { html } : {}),
    attachments: attachments.slice(0, 50),
    receivedAt: received.toISOString(),
    ...(newText && newText !== text ? { newText } : {}),
    ...(suppressAutoReply ? { suppressAutoReply } : {}),
    ...(deps.settings.acknowledgement.enabled ? {} : { noAcknowledgement: true as const }),
    email,
  };
  await deps.enqueue(msg);
  return { channelMessageId: msg.channelMessageId, conversationKey: thread.conversationKey, threadedBy: thread.threadedBy, ...(suppressAutoReply ? { suppressAutoReply } : {}), problems };
}
