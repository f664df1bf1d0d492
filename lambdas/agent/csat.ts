import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OutboundMessage } from '#core/messages';
import { interactionId, outboundInteraction, type Interaction, type Ticket } from '#core/model';
import { shortHash } from './ticket-change';

/**
 * CSAT links: `<ticket>.<resolution time, base36 ms>.<HMAC-SHA256>` — valid for that resolution of
 * that ticket only, unguessable, and carrying nothing personal.
 */
export function csatToken(key: string, ticketId: string, resolvedAt: string): string {
  const body = `${ticketId}.${Date.parse(resolvedAt).toString(36)}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url').slice(0, 32)}`;
}

export function verifyCsatToken(key: string, token: string): { ticketId: string; resolvedAt: string } | undefined {
  const m = /^(\d{1,12})\.([0-9a-z]{1,12})\.([\w-]{32})$/.exec(token);
  if (!m) return undefined;
  const expected = createHmac('sha256', key).update(`${m[1]}.${m[2]}`).digest('base64url').slice(0, 32);
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(m[3]!))) return undefined;
  return { ticketId: m[1]!, resolvedAt: new Date(parseInt(m[2]!, 36)).toISOString() };
}

const ASK: Record<string, string> = {
  tr: 'Talebiniz {ref} çözüldü. Yardımımızı 1 (kötü) ile 5 (harika) arasında puanlar mısınız?',
  en: 'Your request {ref} is resolved. How did we do, from 1 (poor) to 5 (great)?',
};

/** The rating request a resolution sends: five `csat` actions whose values are signed absolute links. */
export function csatRequest(
  t: Ticket,
  opts: { key: string; publicUrl: string; resolvedAt: string; to: string },
): { message: OutboundMessage; interaction: Interaction } {
  const token = csatToken(opts.key, t.id, opts.resolvedAt);
  const base = opts.publicUrl.replace(/\/$/, '');
  const text = (ASK[t.locale] ?? ASK.en!).replace('{ref}', `#${t.number}`);
  const outboundId = shortHash(`csat#${t.id}#${opts.resolvedAt}`);
  const key = interactionId(opts.resolvedAt, outboundId);
  const message: OutboundMessage = {
    outboundId,
    ticketId: t.id,
    interactionKey: key,
    kind: 'csat_request',
    channel: t.channel,
    to: opts.to,
    conversationKey: t.conversationKey,
    ...(t.subject ? { subject: t.subject } : {}),
    text,
    locale: t.locale,
    createdAt: opts.resolvedAt,
    actions: [1, 2, 3, 4, 5].map((n) => ({ type: 'csat' as const, label: String(n), value: `${base}/csat/${token}?score=${n}` })),
  };
  return { message, interaction: outboundInteraction(message, t.customerId) };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const PAGE_TEXT: Record<string, { ask: string; rate: string; thanks: string; comment: string; send: string; saved: string }> = {
  tr: {
    ask: 'Puanınız: {score}/5 — göndermek için onaylayın',
    rate: 'Puanı gönder',
    thanks: 'Teşekkürler! Puanınız: {score}/5',
    comment: 'Eklemek istediğiniz bir şey var mı?',
    send: 'Gönder',
    saved: 'Yorumunuz kaydedildi.',
  },
  en: {
    ask: 'Your rating: {score}/5 — confirm to send it',
    rate: 'Send rating',
    thanks: 'Thank you! Your rating: {score}/5',
    comment: 'Anything you would like to add?',
    send: 'Send',
    saved: 'Your comment is saved.',
  },
};

/**
 * The small page a rating link opens. Opening it rates nothing (mail scanners open links): `confirm`
 * asks for the click that posts the score, with an optional comment; `rated` thanks and offers the
 * comment form; `commented` thanks for both.
 */
export function csatPage(locale: string, token: string, score: number, state: 'confirm' | 'rated' | 'commented'): string {
  const t = PAGE_TEXT[locale] ?? PAGE_TEXT.en!;
  const heading = (state === 'confirm' ? t.ask : t.thanks).replace('{score}', String(score));
  const form = (button: string) =>
    `<form method="post" action="${escape(token)}"><input type="hidden" name="score" value="${score}"><label for="c">${escape(t.comment)}</label><br><textarea id="c" name="comment" rows="4" cols="40" maxlength="2000"></textarea><br><button type="submit">${escape(button)}</button></form>`;
  return `<!doctype html><html lang="${escape(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(heading)}</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>${escape(heading)}</h1>
${state === 'commented' ? `<p>${escape(t.saved)}</p>` : form(state === 'confirm' ? t.rate : t.send)}
</body></html>`;
}
