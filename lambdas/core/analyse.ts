import { orderNotFoundText, orderVars, renderAnswer, type TemplateVars } from '#brain/answers';
import { CLARIFY, closeCall } from '#brain/clarify';
import { helped, notHelped } from '#brain/cues';
import { fold } from '#brain/text';
import { assessPriority } from '#brain/priority';
import { OUT_OF_SCOPE, type BuiltinRecognizer } from '#brain/recognizer';
import { separateRequests, type RequestPart } from '#brain/requests';
import type { Entity, Language, Recognition, TextClassification } from '#brain/types';
import type { InboundMessage } from './messages';
import { formatTicketNumber, type Order, type Priority, type Ticket } from './model';
import { orderContacts, type OrderContact } from './order-links';
import type { OrderLookup } from './ports';
import { pickLocale } from './templates';

export interface BrainSettings {
  readonly defaultLocale: string;
  readonly locales: readonly string[];
  readonly engines: Readonly<Record<string, 'lex' | 'builtin'>>;
  readonly shop: { readonly name: string; readonly helpUrl: string; readonly returnDays: number };
  readonly vipCategories: readonly string[];
}

export interface LexPort {
  recognize(text: string, context: { locale: string; sessionId: string }): Promise<Recognition>;
}

export interface BrainDeps {
  readonly builtin: BuiltinRecognizer;
  readonly lex?: LexPort;
  readonly orders: OrderLookup;
  readonly settings: BrainSettings;
  readonly warn?: (message: string, extra: Record<string, unknown>) => void;
  /** Admins' answers (agent API, /bot/answers) that replace the bot definition's, per intent and locale. */
  readonly answers?: AnswerOverrides;
  /**
   * The help center's published article for an intent, when it has one: the bot's answer links it.
   * May read the links the site's last rendering published (an unpublished article is never linked).
   */
  readonly articles?: { url(intent: string, locale: string): string | undefined | Promise<string | undefined> };
}

export interface AnswerOverrides {
  get(intent: string, locale: string): Promise<{ readonly text: string; readonly enabled: boolean } | undefined>;
}

/** What the pipeline knows around the message. */
export interface AnalysisContext {
  readonly ticket?: Ticket;
  /** E-mail addresses and phone numbers known to be this customer's: who may see order details. */
  readonly customerEmails: readonly string[];
  readonly customerPhones: readonly string[];
  readonly recentContacts: number;
  readonly customerCategory?: string;
}

export interface Analysis {
  readonly lang: Language;
  readonly locale: string;
  readonly intent: string;
  readonly confidence: number;
  readonly top: TextClassification['top'];
  readonly entities: readonly Entity[];
  readonly slots: Readonly<Record<string, string>>;
  readonly engine: 'builtin' | 'lex';
  readonly priority: Priority;
  readonly priorityReasons: readonly string[];
  /** Who has the ticket after this message. */
  readonly handling: 'bot' | 'human';
  /** Why a human has it (for the agents' view). */
  readonly handoverReason?: string;
  /**
   * The bot's reply, when it answers; `resolves` when the answer settles the question; `choices`, the
   * options of a clarifying question (chat and social show them as buttons; e-mail lists them).
   */
  readonly reply?: {
    readonly text: string;
    readonly resolves: boolean;
    readonly choices?: readonly { label: string; value: string }[];
    /** The message's other requests, which people take (their labels): the reply says so, and by when. */
    readonly restToPeople?: readonly string[];
  };
  /** A message with several requests: each part's reading. */
  readonly requests?: readonly { readonly intent: string; readonly confidence: number }[];
  /** A slot the bot asked for and waits on. */
  readonly awaiting?: { readonly intent: string; readonly slot: string };
  /** For agents, when a human has the ticket: what the bot would have said. */
  readonly suggestedAnswer?: string;
  /** The customer's reaction to the bot's previous answer. */
  readonly reaction?: 'helpful' | 'not_helpful';
  /** The customer asked for a person (an intent that always goes to people: "talk to a person", a complaint). */
  readonly asksForPerson?: boolean;
  /** The order this message names (one that exists, or one nobody looked up yet): the ticket remembers it. */
  readonly orderNumber?: string;
  /** `contacts`, only when the order is the customer's: what the shop vouches reaches the same person. */
  readonly order?: { readonly number: string; readonly found: boolean; readonly verified: boolean; readonly contacts?: readonly OrderContact[] };
}

/**
 * Reads a message and decides what the bot does: language, intent (by Lex where the locale is Lex's,
 * else the built-in recognizer), entities, priority, and either an answer or a handover with a
 * suggested answer. Pure apart from its ports (Lex, order lookup).
 */
export async function analyseMessage(deps: BrainDeps, msg: InboundMessage, ctx: AnalysisContext): Promise<Analysis> {
  const { settings, builtin } = deps;
  const text = msg.text;
  const classification = builtin.classify(text);
  const locale = chooseLocale(classification.lang, text, msg, ctx.ticket, settings);
  const recognition = withKnownOrder(await recognise(deps, classification, locale, msg, ctx.ticket), builtin, ctx.ticket);
  const definition = builtin.definitions.get(recognition.intent);
  const orderSlot = definition?.slots.find((s) => s.entity === 'orderNumber');
  // What the conversation knows: the number this message gives, else the one the ticket remembers.
  const mentioned = (orderSlot && recognition.slots[orderSlot.name]) || classification.entities.find((e) => e.type === 'orderNumber')?.value;
  const knownOrder = mentioned ?? ctx.ticket?.orderNumber;
  const { priority, reasons } = assessPriority({
    text,
    intent: recognition.intent,
    recentContacts: ctx.recentContacts,
    vipCategories: settings.vipCategories,
    ...(ctx.customerCategory ? { customerCategory: ctx.customerCategory } : {}),
  });
  const reaction = reactionTo(ctx.ticket, text, recognition.intent);
  const base = {
    lang: classification.lang,
    locale,
    intent: recognition.intent,
    confidence: recognition.confidence,
    top: recognition.top,
    entities: classification.entities,
    slots: recognition.slots,
    engine: recognition.engine,
    priority,
    priorityReasons: reasons,
    ...(reaction ? { reaction } : {}),
    ...(definition?.alwaysHuman ? { asksForPerson: true } : {}),
    ...(mentioned ? { orderNumber: mentioned } : {}),
  };
  const shopVars: TemplateVars = {
    'shop.name': settings.shop.name,
    'shop.helpUrl': settings.shop.helpUrl,
    'shop.returnDays': settings.shop.returnDays,
    ...(ctx.ticket ? { 'ticket.reference': formatTicketNumber(ctx.ticket.number) } : {}),
    ...(knownOrder ? { 'order.number': knownOrder } : {}),
  };
  // For the agents: what the bot would say, with what the conversation already knows (the order too).
  // `lookUp: false` where the order source has just failed: the suggestion does without the order.
  const suggestion = async (lookUp: boolean): Promise<string | undefined> => {
    const template = definition?.answers[locale];
    if (!template) return undefined;
    const order = lookUp && orderSlot && knownOrder ? await lookUpOrder(deps, knownOrder) : undefined;
    return renderAnswer(template, order ? { ...shopVars, ...orderVars(order, locale, belongsToCustomer(order, ctx)) } : shopVars);
  };
  const human = async (reason: string, extra: Partial<Analysis> = {}, lookUp = true): Promise<Analysis> => {
    const suggested = await suggestion(lookUp);
    return { ...base, handling: 'human', handoverReason: reason, ...(suggested ? { suggestedAnswer: suggested } : {}), ...extra };
  };

  if (ctx.ticket?.handling === 'human') return human('an agent has the ticket');
  if (reaction === 'not_helpful') return human("the customer said the bot's answer did not help");
  const parts = recognition.engine === 'builtin' && !recognition.chosen && !ctx.ticket?.botDialog ? separateRequests(msg.text, builtin) : [];
  if (parts.length)
    return answerParts(deps, parts, { ...base, requests: parts.map((p) => ({ intent: p.intent, confidence: p.confidence })) }, locale, shopVars, human);
  const close =
    recognition.engine === 'builtin' && !recognition.chosen ? closeCall(recognition.top, (i) => builtin.definitions.get(i)?.alwaysHuman ?? false) : undefined;
  if (close) return { ...base, handling: 'bot', ...clarifyingQuestion(close, builtin, locale, msg.channel) };
  if (!definition || recognition.intent === OUT_OF_SCOPE) return human('out of scope');
  if (definition.alwaysHuman) return human(`${definition.name} always goes to a person`);
  if (!definition.answerable) return human(`${definition.name} needs a person`);
  if (recognition.confidence < definition.threshold) {
    return human(`confidence ${recognition.confidence} below ${definition.threshold}`);
  }
  const override = await answerOverride(deps, definition.name, locale);
  if (override && !override.enabled) return human(`an admin hands ${definition.name} to people`);
  const answer = override?.text ?? definition.answers[locale];
  if (!answer) return human(`no ${locale} answer for ${definition.name}`);
  // The bot definition's answers link the help center's article; an admin's own answer is sent as written.
  const articleUrl = override?.text ? undefined : await deps.articles?.url(definition.name, locale);
  const linked = (text: string) => withArticle(text, articleUrl, locale);

  // Every number in the message that could be an order, whatever word stands beside it ("kargo takip 100008").
  const candidates = orderSlot ? orderCandidates(recognition.slots[orderSlot.name], classification.entities, builtin.options.orderNumberPattern) : [];
  const elicit = () => ({
    ...base,
    handling: 'bot' as const,
    reply: { text: recognition.dialog.prompt ?? answer, resolves: false },
    awaiting: { intent: definition.name, slot: recognition.dialog.slotToElicit ?? orderSlot?.name ?? '' },
  });
  if (recognition.dialog.state === 'elicit' && recognition.dialog.slotToElicit && !(orderSlot && candidates.length)) return elicit();
  if (orderSlot) {
    if (!candidates.length) return human('no order number');
    let found: { number: string; order: Order } | undefined;
    try {
      found = await firstExistingOrder(deps, candidates);
    } catch (e) {
      const number = candidates[0]!.number;
      deps.warn?.('order lookup failed', { orderNumber: number, error: (e as Error).message });
      return human('the order source did not answer', { order: { number, found: false, verified: false } }, false);
    }
    // Numbers the message only calls tracking numbers, none an order: ask for the order number.
    const named = candidates.find((c) => c.named);
    if (!found && !named && recognition.dialog.state === 'elicit') return elicit();
    const number = found?.number ?? (named ?? candidates[0]!).number;
    const order = found?.order;
    if (!order) {
      // Never invent: say it was not found, and let an agent look. The ticket does not remember it.
      const { orderNumber: _unknown, ...withoutNumber } = base;
      return {
        ...withoutNumber,
        handling: 'human',
        handoverReason: `order ${number} not found`,
        order: { number, found: false, verified: false },
        reply: { text: orderNotFoundText(locale, number), resolves: false },
      };
    }
    const verified = belongsToCustomer(order, ctx);
    return {
      ...base,
      orderNumber: order.orderNumber,
      handling: 'bot',
      reply: { text: linked(renderAnswer(answer, { ...shopVars, ...orderVars(order, locale, verified) })), resolves: true },
      order: { number, found: true, verified, ...(verified ? { contacts: orderContacts(order) } : {}) },
    };
  }
  return {
    ...base,
    handling: 'bot',
    reply: { text: linked(renderAnswer(answer, shopVars)), resolves: definition.name !== 'greeting' },
  };
}

const MORE: Record<string, string> = { tr: 'Ayrıntılar', en: 'More' };

/** The answer, and the help center's article on it when there is one (the answer's own link is not repeated). */
function withArticle(text: string, url: string | undefined, locale: string): string {
  return url && !text.includes(url) ? `${text}\n\n${MORE[locale] ?? MORE.en}: ${url}` : text;
}

/** A number that may be an order: `named` when the message (or the recognizer's slot) calls it one. */
interface OrderCandidate {
  readonly number: string;
  readonly named: boolean;
}

/** At most this many numbers of one message are looked up: a message full of numbers costs a few lookups, no more. */
const MAX_ORDER_LOOKUPS = 3;

/**
 * The numbers of a message that could be its order: the recognizer's slot and the order numbers
 * first, then the digit runs the message calls tracking or other numbers when they have the shop's
 * order-number form (a number beside "takip" is often the order's).
 */
export function orderCandidates(slot: string | undefined, entities: readonly Entity[], pattern: string): OrderCandidate[] {
  const orderForm = new RegExp(`^(?:${pattern})$`);
  const named = [slot, ...entities.filter((e) => e.type === 'orderNumber').map((e) => e.value)].filter((n): n is string => Boolean(n));
  const others = entities.filter((e) => e.type === 'trackingNumber' && orderForm.test(e.value)).map((e) => e.value);
  const seen = new Set<string>();
  const out: OrderCandidate[] = [];
  for (const [numbers, isNamed] of [
    [named, true],
    [others, false],
  ] as const) {
    for (const number of numbers) {
      if (seen.has(number)) continue;
      seen.add(number);
      out.push({ number, named: isNamed });
    }
  }
  return out.slice(0, MAX_ORDER_LOOKUPS);
}

/** The first candidate that is an order, looked up in turn; a lookup that fails throws. */
async function firstExistingOrder(deps: BrainDeps, candidates: readonly OrderCandidate[]): Promise<{ number: string; order: Order } | undefined> {
  for (const c of candidates) {
    const order = await deps.orders.findOrder(c.number);
    if (order) return { number: c.number, order };
  }
  return undefined;
}

/**
 * A message with several requests: the bot answers each it may answer outright (answerable, no slot
 * to fill, an answer in the locale that no admin switched off), and hands the rest to people, saying
 * so in the same reply. Nothing it may answer: people take the whole message.
 */
async function answerParts(
  deps: BrainDeps,
  parts: readonly RequestPart[],
  base: Omit<Analysis, 'handling'>,
  locale: string,
  vars: TemplateVars,
  human: (reason: string, extra?: Partial<Analysis>) => Promise<Analysis>,
): Promise<Analysis> {
  const answered: string[] = [];
  const rest: string[] = [];
  for (const p of parts) {
    const d = deps.builtin.definitions.get(p.intent);
    const plain = d?.answerable && !d.alwaysHuman && !d.slots.length;
    const override = plain ? await answerOverride(deps, d.name, locale) : undefined;
    const answer = plain && override?.enabled !== false ? (override?.text ?? d.answers[locale]) : undefined;
    if (answer)
      answered.push(override?.text ? renderAnswer(answer, vars) : withArticle(renderAnswer(answer, vars), await deps.articles?.url(p.intent, locale), locale));
    else rest.push(d?.label[locale] ?? d?.label.en ?? p.intent);
  }
  const names = parts.map((p) => p.intent).join(' and ');
  if (!answered.length) return human(`several requests (${names}) need a person`, { requests: base.requests });
  if (!rest.length) return { ...base, handling: 'bot', reply: { text: answered.join('\n\n'), resolves: true } };
  return human(`several requests (${names}): the bot answered what it may`, {
    requests: base.requests,
    reply: { text: answered.join('\n\n'), resolves: false, restToPeople: rest },
  });
}

const CLARIFY_WORDS: Record<string, { ask: (a: string, b: string) => string; byNumber: string }> = {
  tr: {
    ask: (a, b) => `Doğru anladığımdan emin olmak istiyorum: hangisini istiyorsunuz, “${a}” ya da “${b}”?`,
    byNumber: 'Yanıtınızda numarasını yazmanız yeterli.',
  },
  en: { ask: (a, b) => `Just to be sure I understand: which do you mean, “${a}” or “${b}”?`, byNumber: 'Replying with its number is enough.' },
};

/**
 * One short question with both intents as the customer's choices: buttons on chat and social, a
 * numbered list in an e-mail. The ticket waits on it (botDialog `@clarify`, the two intents).
 */
function clarifyingQuestion(
  options: readonly [string, string],
  builtin: BuiltinRecognizer,
  locale: string,
  channel: string,
): Pick<Analysis, 'reply' | 'awaiting'> {
  const words = CLARIFY_WORDS[locale] ?? CLARIFY_WORDS.en!;
  const [a, b] = options.map((o) => labelOf(builtin, o, locale)) as [string, string];
  const text = channel === 'email' ? `${words.ask(a, b)}\n\n1) ${a}\n2) ${b}\n\n${words.byNumber}` : words.ask(a, b);
  return {
    reply: { text, resolves: false, choices: [a, b].map((label) => ({ label, value: label })) },
    awaiting: { intent: CLARIFY, slot: options.join('|') },
  };
}

const labelOf = (builtin: BuiltinRecognizer, intent: string, locale: string) => {
  const d = builtin.definitions.get(intent);
  return d?.label[locale] ?? d?.label.en ?? intent;
};

/**
 * The intent the customer chose in answer to a clarifying question: by its label (either language,
 * as the button sends it or typed) or its number ("1", "2)"); undefined when the message is
 * something else (then it is read afresh).
 */
export function chosenIntent(text: string, options: readonly string[], builtin: BuiltinRecognizer): string | undefined {
  const said = fold(text)
    .replace(/[“”"'.!?]/g, '')
    .trim();
  const byNumber = /^([12])\s*[).]?$/.exec(said);
  if (byNumber) return options[Number(byNumber[1]) - 1];
  if (said.length > 80) return undefined;
  return options.find((o) => {
    const labels = Object.values(builtin.definitions.get(o)?.label ?? {}).map((l) => fold(l));
    return labels.some((l) => said === l || said.includes(l));
  });
}

/** The suggestion's order: a lookup that fails leaves the suggestion without the order's details. */
async function lookUpOrder(deps: BrainDeps, number: string): Promise<Order | undefined> {
  try {
    return await deps.orders.findOrder(number);
  } catch (e) {
    deps.warn?.('order lookup failed', { orderNumber: number, error: (e as Error).message });
    return undefined;
  }
}

/**
 * A recognizer that asks for the order number the conversation already gave (an earlier message on
 * the ticket named an existing order) gets that number instead of asking again.
 */
function withKnownOrder(r: Recognition, builtin: BuiltinRecognizer, ticket: Ticket | undefined): Recognition {
  const known = ticket?.orderNumber;
  const slot = r.dialog.state === 'elicit' ? builtin.definitions.get(r.intent)?.slots.find((s) => s.name === r.dialog.slotToElicit) : undefined;
  if (!known || slot?.entity !== 'orderNumber') return r;
  return { ...r, slots: { ...r.slots, [slot.name]: known }, dialog: { state: 'ready' } };
}

/** An unreadable override store must not silence the bot: the built-in answer stands. */
async function answerOverride(deps: BrainDeps, intent: string, locale: string) {
  try {
    return await deps.answers?.get(intent, locale);
  } catch (e) {
    deps.warn?.('answer overrides unavailable', { intent, locale, error: (e as Error).message });
    return undefined;
  }
}

/** The language to answer in: what the message is written in when we serve it, else what we know. */
function chooseLocale(lang: Language, text: string, msg: InboundMessage, ticket: Ticket | undefined, s: BrainSettings): string {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  // Two or three words ("ok", "slm") say little about the language: keep the conversation's.
  if (lang !== 'other' && s.locales.includes(lang) && (letters >= 12 || !ticket)) return lang;
  return ticket?.locale ?? pickLocale(msg.localeHint, s.locales, s.defaultLocale);
}

async function recognise(deps: BrainDeps, c: TextClassification, locale: string, msg: InboundMessage, ticket?: Ticket): Promise<Recognition> {
  if (deps.settings.engines[locale] === 'lex' && deps.lex) {
    try {
      return await deps.lex.recognize(msg.text, { locale, sessionId: `${msg.channel}:${msg.conversationKey}` });
    } catch (e) {
      // Lex unavailable or throttled: the built-in recognizer answers rather than nobody.
      deps.warn?.('lex failed; using the built-in recognizer', { error: (e as Error).message });
    }
  }
  return builtinRecognition(deps.builtin, c, locale, msg.text, ticket);
}

/** The built-in recognizer's dialog: a slot it asked for, given in the next message, completes the intent. */
function builtinRecognition(builtin: BuiltinRecognizer, classified: TextClassification, locale: string, text: string, ticket?: Ticket): Recognition {
  const waiting = ticket?.botDialog;
  // The answer to a clarifying question decides the intent; its order number may come from the ticket.
  const chosen = waiting?.intent === CLARIFY ? chosenIntent(text, waiting.slot.split('|'), builtin) : undefined;
  const c = chosen ? { ...classified, intent: chosen, confidence: 1 } : classified;
  if (waiting) {
    const def = builtin.definitions.get(waiting.intent);
    const slot = def?.slots.find((s) => s.name === waiting.slot);
    const value = slot && c.entities.find((e) => e.type === slot.entity)?.value;
    if (def && slot && value) {
      return { lang: c.lang, intent: def.name, confidence: 1, top: c.top, slots: { [slot.name]: value }, dialog: { state: 'ready' }, engine: 'builtin' };
    }
  }
  const def = builtin.definitions.get(c.intent);
  const slots: Record<string, string> = {};
  let dialog: Recognition['dialog'] = { state: 'none' };
  if (def?.slots.length) {
    for (const s of def.slots) {
      const value = c.entities.find((e) => e.type === s.entity)?.value;
      if (value) slots[s.name] = value;
    }
    const missing = def.slots.find((s) => s.required && !slots[s.name]);
    dialog = missing ? { state: 'elicit', slotToElicit: missing.name, prompt: missing.prompts[locale] ?? missing.prompts.en ?? '' } : { state: 'ready' };
  }
  return { lang: c.lang, intent: c.intent, confidence: c.confidence, top: c.top, slots, dialog, engine: 'builtin', ...(chosen ? { chosen: true } : {}) };
}

function reactionTo(ticket: Ticket | undefined, text: string, intent: string): Analysis['reaction'] {
  if (!ticket?.botAnswered || ticket.handling !== 'bot') return undefined;
  const f = fold(text);
  if (notHelped(f)) return 'not_helpful';
  if (helped(f) || intent === 'thanks') return 'helpful';
  return undefined;
}

const digits = (s: string) => s.replace(/\D/g, '').slice(-10);

function belongsToCustomer(order: Order, ctx: AnalysisContext): boolean {
  const email = order.customerEmail?.toLowerCase();
  if (email && ctx.customerEmails.some((e) => e.toLowerCase() === email)) return true;
  const phone = order.customerPhone && digits(order.customerPhone);
  return Boolean(phone && ctx.customerPhones.some((p) => digits(p) === phone));
}
