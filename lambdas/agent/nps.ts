import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { OutboundMessage } from '#core/messages';
import { interactionId, outboundInteraction, type Interaction, type Ticket } from '#core/model';
import { NPS_MAX, NPS_MIN } from '#core/nps';
import { shortHash } from './ticket-change';

/** How NPS is asked (the configuration's `nps`, NPS_SETTINGS). */
export interface NpsSettings {
  readonly enabled: boolean;
  /** A customer is asked at most once in this many days, whatever the channel or ticket. */
  readonly intervalDays: number;
  /** How long the link in a survey answers. */
  readonly linkDays: number;
  /** The shop's name, for `{shop}` in the question. */
  readonly shopName: string;
  /** The question per locale, replacing the built-in one; `{shop}` is the shop's name. */
  readonly question: Readonly<Record<string, string>>;
}

export const DEFAULT_QUESTION: Readonly<Record<'tr' | 'en', string>> = {
  tr: '{shop} markasını bir arkadaşınıza ya da iş arkadaşınıza tavsiye etme olasılığınız nedir? 0 (hiç) ile 10 (kesinlikle) arasında bir puan seçin; dilerseniz bir yorum da ekleyebilirsiniz.',
  en: 'How likely are you to recommend {shop} to a friend or colleague? Choose from 0 (not at all likely) to 10 (extremely likely); you may add a comment too.',
};

/** The question in a locale: the configured wording, else the built-in one (English for any other locale). */
export function npsQuestion(settings: Pick<NpsSettings, 'question' | 'shopName'>, locale: string): string {
  const text = settings.question[locale] ?? DEFAULT_QUESTION[locale as 'tr' | 'en'] ?? settings.question.en ?? DEFAULT_QUESTION.en;
  return text.replaceAll('{shop}', settings.shopName);
}

const b36 = (iso: string) => Date.parse(iso).toString(36);
const mac = (key: string, body: string) => createHmac('sha256', key).update(`nps.${body}`).digest('base64url').slice(0, 32);

/**
 * NPS links: `<ticket>.<sent, base36 ms>.<expires, base36 ms>.<HMAC-SHA256>` — they name one survey
 * (a ticket's resolution), carry nothing personal and stop answering at their expiry.
 */
export function npsToken(key: string, ticketId: string, sentAt: string, expiresAt: string): string {
  const body = `${ticketId}.${b36(sentAt)}.${b36(expiresAt)}`;
  return `${body}.${mac(key, body)}`;
}

export type NpsTokenCheck = { readonly status: 'valid'; readonly ticketId: string; readonly sentAt: string } | { readonly status: 'forged' | 'expired' };

/** Whether a token is ours and still answers; an expired one is told apart (its page says so). */
export function verifyNpsToken(key: string, token: string, now: Date): NpsTokenCheck {
  const m = /^(\d{1,12})\.([0-9a-z]{1,12})\.([0-9a-z]{1,12})\.([\w-]{32})$/.exec(token);
  if (!m) return { status: 'forged' };
  if (!timingSafeEqual(Buffer.from(mac(key, `${m[1]}.${m[2]}.${m[3]}`)), Buffer.from(m[4]!))) return { status: 'forged' };
  if (parseInt(m[3]!, 36) <= now.getTime()) return { status: 'expired' };
  return { status: 'valid', ticketId: m[1]!, sentAt: new Date(parseInt(m[2]!, 36)).toISOString() };
}

export const npsScores = Array.from({ length: NPS_MAX - NPS_MIN + 1 }, (_, i) => NPS_MIN + i);

/**
 * The survey a resolution sends: the question and eleven rating links (action type `csat`: a signed
 * link every channel renders as one, and the chat widget posts). Ids come from the ticket and the
 * resolution time, so a repeat builds the same message and the sender delivers it once.
 */
export function npsRequest(
  t: Ticket,
  opts: { key: string; publicUrl: string; sentAt: string; expiresAt: string; to: string; settings: Pick<NpsSettings, 'question' | 'shopName'> },
): { message: OutboundMessage; interaction: Interaction; token: string } {
  const token = npsToken(opts.key, t.id, opts.sentAt, opts.expiresAt);
  const base = opts.publicUrl.replace(/\/$/, '');
  const outboundId = shortHash(`nps#${t.id}#${opts.sentAt}`);
  const message: OutboundMessage = {
    outboundId,
    ticketId: t.id,
    interactionKey: interactionId(opts.sentAt, outboundId),
    kind: 'nps_request',
    channel: t.channel,
    to: opts.to,
    conversationKey: t.conversationKey,
    ...(t.subject ? { subject: t.subject } : {}),
    text: npsQuestion(opts.settings, t.locale),
    locale: t.locale,
    createdAt: opts.sentAt,
    actions: npsScores.map((n) => ({ type: 'csat' as const, label: String(n), value: `${base}/nps/${token}?score=${n}` })),
  };
  return { message, interaction: outboundInteraction(message, t.customerId), token };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface PageText {
  readonly title: string;
  readonly comment: string;
  readonly send: string;
  readonly thanks: string;
  readonly kept: string;
  readonly expired: string;
  readonly invalid: string;
  readonly low: string;
  readonly high: string;
}

const PAGE_TEXT: Record<'tr' | 'en', PageText> = {
  tr: {
    title: 'Bizi tavsiye eder misiniz?',
    comment: 'Puanınızın nedeni nedir? (isteğe bağlı)',
    send: 'Gönder',
    thanks: 'Teşekkürler! Puanınız: {score}/10',
    kept: 'Bu anketi daha önce yanıtladınız; ilk puanınız ({score}/10) geçerli.',
    expired: 'Bu anket bağlantısının süresi doldu. Yine de görüşünüzü bize yazabilirsiniz.',
    invalid: 'Bu anket bağlantısı geçerli değil.',
    low: '0 = hiç',
    high: '10 = kesinlikle',
  },
  en: {
    title: 'Would you recommend us?',
    comment: 'What is the main reason for your score? (optional)',
    send: 'Send',
    thanks: 'Thank you! Your score: {score}/10',
    kept: 'You have answered this survey already; your first score ({score}/10) stands.',
    expired: 'This survey link has expired. You are welcome to write to us anyway.',
    invalid: 'This survey link is not valid.',
    low: '0 = not at all likely',
    high: '10 = extremely likely',
  },
};

const pageText = (locale: string): PageText => PAGE_TEXT[locale as 'tr' | 'en'] ?? PAGE_TEXT.en;

/** The page's only style: a stylesheet in the page, allowed by its hash (no inline style attributes). */
const STYLE =
  'body{font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.4}fieldset{border:0;padding:0;margin:0 0 1rem}.scale{display:flex;flex-wrap:wrap;gap:.25rem}.scale label{display:inline-flex;flex-direction:column;align-items:center;min-width:2.5rem;padding:.25rem;border:1px solid #888;border-radius:.25rem}.ends{display:flex;justify-content:space-between;font-size:.85rem;color:#444}textarea{width:100%;box-sizing:border-box}button{margin-top:.75rem;padding:.5rem 1.25rem}';
export const NPS_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

export type NpsPageState =
  | { readonly state: 'ask'; readonly token: string; readonly question: string; readonly score?: number | undefined }
  | { readonly state: 'thanks' | 'kept'; readonly score: number }
  | { readonly state: 'expired' | 'invalid' };

/**
 * The small page a survey link opens, working without JavaScript. Opening it answers nothing (mail
 * scanners open links): the score from the link is preselected and the customer sends it, with an
 * optional comment.
 */
export function npsPage(locale: string, page: NpsPageState): string {
  const t = pageText(locale);
  let heading: string;
  let body = '';
  switch (page.state) {
    case 'ask': {
      heading = t.title;
      const radios = npsScores
        .map((n) => `<label><input type="radio" name="score" value="${n}" required${n === page.score ? ' checked' : ''}>${n}</label>`)
        .join('');
      body = `<form method="post" action="${escape(page.token)}"><fieldset><legend>${escape(page.question)}</legend><div class="scale">${radios}</div><div class="ends"><span>${escape(t.low)}</span><span>${escape(t.high)}</span></div></fieldset><label for="comment">${escape(t.comment)}</label><br><textarea id="comment" name="comment" rows="4" maxlength="2000"></textarea><br><button type="submit">${escape(t.send)}</button></form>`;
      break;
    }
    case 'thanks':
    case 'kept':
      heading = (page.state === 'thanks' ? t.thanks : t.kept).replace('{score}', String(page.score));
      break;
    default:
      heading = page.state === 'expired' ? t.expired : t.invalid;
  }
  return `<!doctype html><html lang="${escape(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(t.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escape(heading)}</h1>
${body}
</body></html>`;
}
