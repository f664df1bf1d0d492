import type { OutboundAction, OutboundMessage } from '#core/messages';

/** Automatic mails say so (RFC 3834), so well-behaved responders do not answer them. */
export const automaticKinds: ReadonlySet<OutboundMessage['kind']> = new Set(['acknowledgement', 'bot_answer', 'csat_request', 'nps_request']);

export interface ComposedMail {
  readonly from: { name: string; address: string };
  readonly to: string;
  readonly replyTo: string;
  readonly subject: string;
  readonly messageId: string;
  readonly inReplyTo?: string;
  readonly references: readonly string[];
  readonly text: string;
  readonly html: string;
  readonly automatic: boolean;
  readonly attachments?: readonly { readonly filename: string; readonly contentType: string; readonly content: Uint8Array }[];
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const isUrl = (v: string) => /^https?:\/\//i.test(v);

/** Plain text: the message, then each action on its own line (links for CSAT ratings). */
export function textWithActions(text: string, actions: readonly OutboundAction[] = []): string {
  if (!actions.length) return text;
  const lines = actions.map((a) => (isUrl(a.value) ? `${a.label}: ${a.value}` : `${a.label} (reply "${a.value}")`));
  return `${text}\n\n${lines.join('\n')}`;
}

/** HTML: paragraphs of the escaped text, actions as links (CSAT) or as what to reply. */
export function htmlWithActions(text: string, html: string | undefined, actions: readonly OutboundAction[] = []): string {
  const body =
    html ??
    text
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
      .join('\n');
  if (!actions.length) return body;
  const items = actions
    .map((a) =>
      isUrl(a.value)
        ? `<a href="${escapeHtml(a.value)}" style="display:inline-block;margin:4px 8px 4px 0">${escapeHtml(a.label)}</a>`
        : `<span style="display:inline-block;margin:4px 8px 4px 0">${escapeHtml(a.label)} — “${escapeHtml(a.value)}”</span>`,
    )
    .join('\n');
  return `${body}\n<p>${items}</p>`;
}

/** The raw MIME (multipart/alternative, text and HTML; multipart/mixed with files) with every threading header set. */
export async function buildMime(m: ComposedMail): Promise<Buffer> {
  // Loaded on the first e-mail: the sender also serves chat and social replies, which never need it.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
  const composer = new MailComposer({
    from: { name: m.from.name, address: m.from.address },
    to: m.to,
    replyTo: m.replyTo,
    subject: m.subject,
    messageId: m.messageId,
    ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
    ...(m.references.length ? { references: [...m.references] } : {}),
    text: m.text,
    html: m.html,
    ...(m.attachments?.length
      ? { attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })) }
      : {}),
    headers: m.automatic ? { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', Precedence: 'auto_reply' } : {},
  });
  return composer.compile().build();
}
