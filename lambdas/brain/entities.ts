/**
 * Entity extraction for the built-in recognizer: e-mail addresses, phone numbers, tracking numbers,
 * amounts and order numbers in Turkish and English messages (often typed without Turkish letters).
 *
 * Passes run in order of how unambiguous their format is, and each claims its characters, so a later
 * pass cannot reuse them: e-mail → postal formats (S10, UPS) → dates and times (claimed, never returned)
 * → amounts → clearly formatted phones → digit runs a nearby word calls a tracking number → plain digit
 * runs that are phones → the shop's order-number pattern. A plain digit run is ambiguous (order,
 * tracking or phone number), so the nearest keyword before it (or right after it) decides.
 *
 * Every built-in regular expression has bounded or disjoint quantifiers and a look-behind that stops
 * matches from starting inside a run, so the work stays linear in the text length.
 */
import type { Entity, EntityType } from './types';

export interface EntityOptions {
  /** The shop's order-number pattern, a regular-expression source without flags, e.g. "\\d{6,10}" or "[A-Z]{2}-\\d{5}". */
  readonly orderNumberPattern: string;
}

/** 5–12 digits, optionally written with a leading "#" ("#100234"). */
export const DEFAULT_ORDER_NUMBER_PATTERN = '#?\\d{5,12}';

export function extractEntities(text: string, options: EntityOptions): Entity[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const scan = newScan(text);
  claimEmails(scan);
  claimPostalTrackingNumbers(scan);
  claimDatesAndTimes(scan);
  scan.keywords = findKeywords(scan);
  nameS10Carriers(scan);
  claimAmounts(scan);
  const plainPhones = claimFormattedPhones(scan);
  claimTrackingNumbersByContext(scan);
  claimPlainPhones(scan, plainPhones);
  claimOrderNumbers(scan, options?.orderNumberPattern ?? DEFAULT_ORDER_NUMBER_PATTERN);
  return scan.found.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------
// Scan state

/** 'delivery' words (kargo, parcel) come with order and tracking numbers alike: they decide neither alone. */
type KeywordKind = 'order' | 'tracking' | 'delivery' | 'phone' | 'generic';

interface Keyword {
  readonly start: number;
  readonly end: number;
  readonly kind: KeywordKind;
  readonly carrier?: string;
}

interface Scan {
  readonly text: string;
  /** Same length as `text`: lower case, Turkish letters and accents folded, so offsets carry over. */
  readonly folded: string;
  /** 1 where a pass has claimed the character. */
  readonly taken: Uint8Array;
  /** ASCII digits in text[0, i). */
  readonly digitsUpTo: Int32Array;
  /** Sentence breaks in text[0, i): a keyword's reach ends at one. */
  readonly breaksUpTo: Int32Array;
  keywords: readonly Keyword[];
  readonly found: Entity[];
}

function newScan(text: string): Scan {
  const n = text.length;
  const digitsUpTo = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    digitsUpTo[i + 1] = digitsUpTo[i]! + (c >= 48 && c <= 57 ? 1 : 0);
  }
  const breakAt = new Uint8Array(n);
  for (const m of text.matchAll(SENTENCE_BREAK)) breakAt[m.index] = 1;
  const breaksUpTo = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) breaksUpTo[i + 1] = breaksUpTo[i]! + breakAt[i]!;
  return { text, folded: foldSameLength(text), taken: new Uint8Array(n), digitsUpTo, breaksUpTo, keywords: [], found: [] };
}

/** "!" or "?", a full stop before a capitalised word, or a blank line. */
const SENTENCE_BREAK = /[!?]|\.(?=\s+\p{Lu})|\n[ \t\r]*\n/gu;

/** Claims [start, end) when no earlier pass has claimed any of it. */
function claim(scan: Scan, start: number, end: number): boolean {
  if (!isFree(scan, start, end)) return false;
  scan.taken.fill(1, start, end);
  return true;
}

function isFree(scan: Scan, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (scan.taken[i]) return false;
  return true;
}

function add(scan: Scan, type: EntityType, start: number, end: number, value: string, extra: { currency?: string; carrier?: string } = {}): void {
  if (!claim(scan, start, end)) return;
  scan.found.push({ type, value, text: scan.text.slice(start, end), start, end, ...definedOnly(extra) });
}

function definedOnly(extra: { currency?: string; carrier?: string }): { currency?: string; carrier?: string } {
  const out: { currency?: string; carrier?: string } = {};
  if (extra.currency) out.currency = extra.currency;
  if (extra.carrier) out.carrier = extra.carrier;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Folding: keywords and currency words are matched on a folded copy, so "SİPARİŞ", "siparis" and
// "Sipariş" are the same word. Each UTF-16 unit maps to exactly one unit to keep offsets valid.

const foldCache = new Map<string, string>();

function foldUnit(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  if (code >= 0xd800 && code <= 0xdfff) return ch; // half of a surrogate pair: leave it alone
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  let folded = ch;
  if (ch === 'ı' || ch === 'İ') folded = 'i';
  else {
    const lower = ch.toLowerCase();
    const base = lower.normalize('NFD').charAt(0);
    if (/^[a-z]$/.test(base)) folded = base;
    else if (lower.length === 1) folded = lower;
  }
  if (foldCache.size < 4096) foldCache.set(ch, folded);
  return folded;
}

function foldSameLength(text: string): string {
  const out: string[] = new Array<string>(text.length);
  for (let i = 0; i < text.length; i++) out[i] = foldUnit(text.charAt(i));
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Keywords that say what a nearby number is.

const CARRIERS: Readonly<Record<string, string>> = {
  y: 'Yurtiçi',
  a: 'Aras',
  m: 'MNG',
  s: 'Sürat',
  d: 'DHL',
  f: 'FedEx',
  u: 'UPS',
  p: 'PTT',
};

// On the folded text. Stems take any Turkish suffix (siparişim, kargonun, takibi); short words that
// are also common words ("aras-ında", "surat") must stand alone.
const KEYWORD = new RegExp(
  '(?<![\\p{L}\\p{N}])(?:' +
    '(?<order>siparis\\p{L}*|order\\p{L}*|sip(?!\\p{L}))' +
    '|(?<tracking>taki[pb]\\p{L}*|gonderi\\p{L}*|barkod\\p{L}*|track\\p{L}*|awb(?!\\p{L})|waybill\\p{L}*)' +
    '|(?<delivery>kargo\\p{L}*|cargo\\p{L}*|shipment\\p{L}*|shipping|consignment\\p{L}*|parcel\\p{L}*)' +
    '|(?<carrier>yurt ?ici\\p{L}*|aras(?!\\p{L})|mng\\p{L}*|surat(?!\\p{L})|dhl\\p{L}*|fedex\\p{L}*|ups(?!\\p{L})|ptt\\p{L}*)' +
    '|(?<phone>telefon\\p{L}*|tel(?!\\p{L})|cep(?!\\p{L})|gsm\\p{L}*|phone\\p{L}*|mobil\\p{L}*|cell\\p{L}*|whatsapp\\p{L}*)' +
    '|(?<generic>no(?!\\p{L})|nr(?!\\p{L})|nolu|numara\\p{L}*|number\\p{L}*|num(?!\\p{L}))' +
    ')|(?<hash>#)',
  'gu',
);

function findKeywords(scan: Scan): Keyword[] {
  const out: Keyword[] = [];
  for (const m of scan.folded.matchAll(KEYWORD)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!isFree(scan, start, end)) continue; // words inside an e-mail address say nothing
    const g = m.groups ?? {};
    if (g.order) out.push({ start, end, kind: 'order' });
    else if (g.tracking) out.push({ start, end, kind: 'tracking' });
    else if (g.delivery) out.push({ start, end, kind: 'delivery' });
    else if (g.carrier) out.push({ start, end, kind: 'tracking', carrier: CARRIERS[m[0].charAt(0)] ?? '' });
    else if (g.phone) out.push({ start, end, kind: 'phone' });
    else out.push({ start, end, kind: 'generic' });
  }
  return out;
}

const BEFORE_REACH = 48;
const AFTER_REACH = 24;

interface NumberContext {
  /** The nearest specific keyword before the number, within reach. */
  readonly before?: KeywordKind;
  /** The first specific keyword right after it ("123456 numaralı siparişim"). */
  readonly after?: KeywordKind;
  /** "no", "numara", "#"... nearby: says "this is a reference number" without saying which kind. */
  readonly generic: boolean;
  readonly carrier?: string;
}

function contextOf(scan: Scan, start: number, end: number): NumberContext {
  const kws = scan.keywords;
  let before: KeywordKind | undefined;
  let after: KeywordKind | undefined;
  let generic = false;
  for (let i = lastEndingBy(kws, start); i >= 0; i--) {
    const kw = kws[i]!;
    if (start - kw.end > BEFORE_REACH || !reachesForward(scan, kw.end, start)) break;
    if (kw.kind === 'generic') generic = true;
    else {
      before = kw.kind;
      break;
    }
  }
  for (let i = firstStartingFrom(kws, end); i < kws.length; i++) {
    const kw = kws[i]!;
    if (kw.start - end > AFTER_REACH || !reachesBack(scan, end, kw.start)) break;
    if (kw.kind === 'generic') generic = true;
    else {
      after = kw.kind;
      break;
    }
  }
  return { before, after, generic, carrier: carrierNear(scan, start, end) };
}

/** The nearest carrier name around a number ("Aras Kargo takip no ...", "... , Yurtiçi'nden"). */
function carrierNear(scan: Scan, start: number, end: number): string | undefined {
  const kws = scan.keywords;
  for (let i = lastEndingBy(kws, start); i >= 0; i--) {
    const kw = kws[i]!;
    if (start - kw.end > BEFORE_REACH || !reachesForward(scan, kw.end, start)) break;
    if (kw.carrier) return kw.carrier;
  }
  for (let i = firstStartingFrom(kws, end); i < kws.length; i++) {
    const kw = kws[i]!;
    if (kw.start - end > BEFORE_REACH || hasBreak(scan, end, kw.start) || hasDigits(scan, end, kw.start)) break;
    if (kw.carrier) return kw.carrier;
  }
  return undefined;
}

/** A keyword ending at `from` speaks for a number at `to`: same sentence, and only other numbers of a list between. */
function reachesForward(scan: Scan, from: number, to: number): boolean {
  if (hasBreak(scan, from, to)) return false;
  if (!hasDigits(scan, from, to)) return true;
  return scan.folded.slice(from, to).replace(LIST_FILLER, '') === '';
}

/** A keyword starting at `to` speaks for a number ending at `from` only when nothing but a few words lie between. */
function reachesBack(scan: Scan, from: number, to: number): boolean {
  return !hasDigits(scan, from, to) && !/[,;.!?\n]/.test(scan.text.slice(from, to));
}

const LIST_FILLER = /\d+|(?<!\p{L})(?:ve|and|or|veya|ile)(?!\p{L})|[\s,;:#&/.-]+/gu;

const hasDigits = (scan: Scan, from: number, to: number) => scan.digitsUpTo[to]! - scan.digitsUpTo[from]! > 0;
const hasBreak = (scan: Scan, from: number, to: number) => scan.breaksUpTo[to]! - scan.breaksUpTo[from]! > 0;

/** Index of the last keyword ending at or before `pos` (keywords do not overlap, so ends are sorted), or -1. */
function lastEndingBy(kws: readonly Keyword[], pos: number): number {
  let lo = 0;
  let hi = kws.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (kws[mid]!.end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function firstStartingFrom(kws: readonly Keyword[], pos: number): number {
  let lo = 0;
  let hi = kws.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (kws[mid]!.start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// E-mail

// Labels cannot contain ".", so the domain's only choice is how many labels: no catastrophic backtracking.
const EMAIL = /(?<![\p{L}\p{N}._%+\-@])[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?![\p{L}\p{N}\-_@])/gu;

function claimEmails(scan: Scan): void {
  for (const m of scan.text.matchAll(EMAIL)) {
    add(scan, 'email', m.index, m.index + m[0].length, m[0].toLowerCase());
  }
}

// ---------------------------------------------------------------------------------------------
// Tracking numbers with a carrier format

/** UPU S10: 2 letters, 8 digits + check digit, ISO country (RR123456789TR). The check digit is not verified: customers mistype it, and a near miss is still worth looking up. */
const S10 = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{9}[A-Za-z]{2}(?![\p{L}\p{N}])/gu;
/** UPS: 1Z + 16 alphanumerics, also as printed on labels ("1Z 999 AA1 01 2345 6784"). */
const UPS = /(?<![\p{L}\p{N}])1[Zz](?: ?[0-9A-Za-z]{3}){2} ?[0-9A-Za-z]{2}(?: ?[0-9A-Za-z]{4}){2}(?![\p{L}\p{N}])/gu;

function claimPostalTrackingNumbers(scan: Scan): void {
  for (const m of scan.text.matchAll(UPS)) {
    add(scan, 'trackingNumber', m.index, m.index + m[0].length, m[0].replace(/ /g, '').toUpperCase(), { carrier: 'UPS' });
  }
  // An S10 number's carrier comes from its country or the words around it: see nameS10Carriers.
  for (const m of scan.text.matchAll(S10)) {
    const value = m[0].toUpperCase();
    add(scan, 'trackingNumber', m.index, m.index + m[0].length, value);
  }
}

/** After keywords are known: ..TR is PTT's; other S10 numbers take a carrier named nearby. */
function nameS10Carriers(scan: Scan): void {
  for (let i = 0; i < scan.found.length; i++) {
    const e = scan.found[i]!;
    if (e.type !== 'trackingNumber' || e.carrier) continue;
    const carrier = e.value.endsWith('TR') ? 'PTT' : carrierNear(scan, e.start, e.end);
    if (carrier) scan.found[i] = { ...e, carrier };
  }
}

// ---------------------------------------------------------------------------------------------
// Dates and times: claimed so that nothing else uses their digits, never returned.

const DATE =
  /(?<!\p{N}|\d[./-])(?:(?<y1>\d{4})(?<s1>[./-])(?<m1>\d{1,2})\k<s1>(?<d1>\d{1,2})|(?<a2>\d{1,2})(?<s2>[./-])(?<b2>\d{1,2})\k<s2>(?<y2>\d{4}|\d{2}))(?!\p{N}|[./-]\d)/gu;
const TIME = /(?<!\p{N}|\d[:.,])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\p{N}|[:.,]\d)/gu;

function claimDatesAndTimes(scan: Scan): void {
  for (const m of scan.text.matchAll(DATE)) {
    const g = m.groups ?? {};
    const valid = g.y1 ? isDayMonth(Number(g.d1), Number(g.m1)) : isDayMonth(Number(g.a2), Number(g.b2)) || isDayMonth(Number(g.b2), Number(g.a2));
    if (valid) claim(scan, m.index, m.index + m[0].length);
  }
  for (const m of scan.text.matchAll(TIME)) claim(scan, m.index, m.index + m[0].length);
}

const isDayMonth = (day: number, month: number) => day >= 1 && day <= 31 && month >= 1 && month <= 12;

// ---------------------------------------------------------------------------------------------
// Amounts: a number with a currency before or after it, Turkish (1.250,50) or English (1,250.50).

const NUMBER = String.raw`\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const CURRENCY_BEFORE = String.raw`us\$|\$|€|£|₺|tl|try|usd|eur|gbp`;
const CURRENCY_CODE_AFTER = String.raw`tl|ytl|try|usd|eur|gbp`;
const CURRENCY_SIGN_AFTER = String.raw`₺|\$|€|£`;
// Turkish words take suffixes ("15 liraya", "20 dolara"): the entity ends at the stem, as it ends before "'ye" in "20 TL'ye".
const CURRENCY_WORD_AFTER = String.raw`turk lirasi|lira|dolar|dollars?|euros?|avro|sterlin|pounds?`;

// On the folded text, so "TL", "tl", "Türk Lirası" and "turk lirasi" all match.
const AMOUNT = new RegExp(
  String.raw`(?<![\p{L}\p{N}$€£₺]|\d[.,])(?<pre>${CURRENCY_BEFORE}) ?(?<preNumber>${NUMBER})(?!\p{N}|[.,]\d)` +
    String.raw`|(?<![\p{L}\p{N}]|\d[.,])(?<number>${NUMBER})[ \u00a0]?(?:(?<code>${CURRENCY_CODE_AFTER})(?![\p{L}\p{N}])|(?<sign>${CURRENCY_SIGN_AFTER})|(?<word>${CURRENCY_WORD_AFTER}))`,
  'gu',
);

const CURRENCIES: Readonly<Record<string, string>> = {
  tl: 'TRY',
  ytl: 'TRY',
  try: 'TRY',
  '₺': 'TRY',
  lira: 'TRY',
  'turk lirasi': 'TRY',
  usd: 'USD',
  $: 'USD',
  us$: 'USD',
  dolar: 'USD',
  dollar: 'USD',
  eur: 'EUR',
  '€': 'EUR',
  euro: 'EUR',
  avro: 'EUR',
  gbp: 'GBP',
  '£': 'GBP',
  sterlin: 'GBP',
  pound: 'GBP',
};

function claimAmounts(scan: Scan): void {
  for (const m of scan.folded.matchAll(AMOUNT)) {
    const g = m.groups ?? {};
    const start = m.index;
    const end = start + m[0].length;
    const token = g.pre ?? g.code ?? g.sign ?? g.word ?? '';
    const tokenStart = g.pre ? start : end - token.length;
    // "try" is an English verb; only the upper-case code means Turkish lira.
    if (token === 'try' && scan.text.slice(tokenStart, tokenStart + 3) !== 'TRY') continue;
    const currency = CURRENCIES[token.replace(/(?<=dollar|euro|pound)s$/, '')];
    const number = g.preNumber ?? g.number;
    if (!currency || !number) continue;
    add(scan, 'amount', start, end, normaliseAmount(number), { currency });
  }
}

/** "1.250,50" / "1,250.50" / "1250,5" → "1250.50". A separator followed by exactly 3 digits groups thousands. */
function normaliseAmount(number: string): string {
  const sep = Math.max(number.lastIndexOf('.'), number.lastIndexOf(','));
  const hasDecimals = sep >= 0 && number.length - sep - 1 <= 2;
  const whole = (hasDecimals ? number.slice(0, sep) : number).replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  const fraction = hasDecimals ? number.slice(sep + 1) : '';
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Phones

const SEP = '[ .\\-]?';
/** Turkish numbers: optional +90/0090, optional trunk 0, area or operator code (2xx–5xx, 8xx), 7 digits as 3-2-2 or 3-4. */
const TURKISH_PHONE = new RegExp(
  '(?<![\\p{L}\\p{N}+#]|\\d[.,/\\-])' +
    `(?<cc>(?:\\+|00) ?90${SEP})?` +
    `(?:\\( ?(?<t1>0)? ?(?<a1>[2-58]\\d{2}) ?\\)|(?:(?<t2>0)${SEP})?(?<a2>[2-58]\\d{2}))` +
    `${SEP}(?<b>\\d{3})${SEP}(?:(?<c>\\d{2})${SEP}(?<d>\\d{2})|(?<e>\\d{4}))` +
    '(?![\\p{L}\\p{N}]|[.,]\\d)',
  'gu',
);
/** Other countries in E.164 form: "+" and 8–15 digits, grouped any usual way ("+44 20 7946 0958", "+1 (555) 123-4567"). */
const INTERNATIONAL_PHONE = /(?<![\p{L}\p{N}+])\+(?! ?90)[1-9](?:[ .\-()]{0,2}\d){6,14}(?!\p{N})/gu;

interface PlainPhone {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  /** Written with the trunk 0 (05321234567): a phone unless the words around say otherwise. */
  readonly trunk: boolean;
}

/** Claims phones whose writing shows they are phones (+, brackets, grouping); returns plain digit runs for later. */
function claimFormattedPhones(scan: Scan): PlainPhone[] {
  const plain: PlainPhone[] = [];
  // International first: "+1 (555) 123-4567" must not lose its tail to the Turkish pattern.
  for (const m of scan.text.matchAll(INTERNATIONAL_PHONE)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 8 && digits.length <= 15) add(scan, 'phone', m.index, m.index + m[0].length, `+${digits}`);
  }
  for (const m of scan.text.matchAll(TURKISH_PHONE)) {
    const g = m.groups ?? {};
    const start = m.index;
    const end = start + m[0].length;
    const value = `+90${g.a1 ?? g.a2 ?? ''}${g.b ?? ''}${g.c ?? ''}${g.d ?? ''}${g.e ?? ''}`;
    if (g.cc !== undefined || /[ .\-()]/.test(m[0])) add(scan, 'phone', start, end, value);
    else plain.push({ start, end, value, trunk: (g.t1 ?? g.t2) !== undefined });
  }
  return plain;
}

function claimPlainPhones(scan: Scan, candidates: readonly PlainPhone[]): void {
  for (const p of candidates) {
    if (!isFree(scan, p.start, p.end)) continue;
    const ctx = contextOf(scan, p.start, p.end);
    const nearest = ctx.before ?? ctx.after;
    // "Sipariş no 05321234567" is what the customer says it is; a bare 10-digit run needs a phone word.
    const isPhone = p.trunk ? nearest !== 'order' && nearest !== 'tracking' : nearest === 'phone';
    if (isPhone) add(scan, 'phone', p.start, p.end, p.value);
  }
}

// ---------------------------------------------------------------------------------------------
// Tracking numbers known only from the words around them

const DIGIT_RUN = /(?<![\p{L}\p{N}]|\d[.,])\d{8,30}(?![\p{L}\p{N}]|[.,]\d)/gu;

function claimTrackingNumbersByContext(scan: Scan): void {
  for (const m of scan.text.matchAll(DIGIT_RUN)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!isFree(scan, start, end)) continue;
    const ctx = contextOf(scan, start, end);
    const nearest = ctx.before ?? ctx.after;
    // A long digit run by "kargo" is its tracking number; a short one (below) may be the order's.
    if (nearest !== 'tracking' && nearest !== 'delivery') continue;
    add(scan, 'trackingNumber', start, end, m[0], { carrier: ctx.carrier });
  }
}

// ---------------------------------------------------------------------------------------------
// Order numbers: the shop's pattern, on what no other pass took.

const orderPatterns = new Map<string, RegExp | null>();

/** The shop's pattern with the global flag (Unicode mode when it compiles so), or null when it is not a valid pattern. */
function orderPattern(source: string): RegExp | null {
  const known = orderPatterns.get(source);
  if (known !== undefined) return known;
  let re: RegExp | null = null;
  for (const flags of ['gu', 'g']) {
    try {
      re = new RegExp(source, flags);
      break;
    } catch {
      // try the next flags; an invalid pattern finds no order numbers rather than failing the message
    }
  }
  if (orderPatterns.size >= 32) orderPatterns.clear();
  orderPatterns.set(source, re);
  return re;
}

interface OrderCandidate {
  readonly start: number;
  readonly end: number;
  readonly value: string;
}

function claimOrderNumbers(scan: Scan, source: string): void {
  const re = orderPattern(typeof source === 'string' ? source : DEFAULT_ORDER_NUMBER_PATTERN);
  if (!re) return;
  const { text } = scan;
  const named: OrderCandidate[] = [];
  const unnamed: OrderCandidate[] = [];
  for (const m of text.matchAll(re)) {
    if (m[0].length === 0) continue;
    let start = m.index;
    const end = start + m[0].length;
    if (!standsAlone(text, start, end)) continue;
    if (text.charAt(start - 1) === '#') start -= 1;
    if (!isFree(scan, start, end)) continue;
    const ctx = contextOf(scan, start, end);
    const nearest = ctx.before ?? ctx.after;
    if (nearest === 'phone') continue;
    // A short number beside "takip"/"tracking" that no tracking format took is often the order's own
    // ("kargo takip 100008"): it stays a candidate, below any number the customer calls an order.
    const candidate = { start, end, value: text.slice(start, end).replace(/^#\s*/, '') };
    const saysOrder = ctx.before === 'order' || ctx.after === 'order' || ctx.generic || text.charAt(start) === '#';
    (saysOrder ? named : unnamed).push(candidate);
  }
  // A number the customer calls an order number beats any other number that merely fits the pattern.
  for (const c of named.length > 0 ? named : unnamed) add(scan, 'orderNumber', c.start, c.end, c.value);
}

/** Not a piece of a longer word or number ("x123456", "123456.78", "12-345678"). */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  const after = text.slice(end, end + 2);
  return !/[\p{L}\p{N}]$|\d[.,/:-]$/u.test(before) && !/^[\p{L}\p{N}]|^[.,/:-]\d/u.test(after);
}
