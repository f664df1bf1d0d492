/**
 * Order lookup against the shop's own system over HTTP.
 *
 * The contract the shop's endpoint must meet:
 *
 *   GET {baseUrl}/orders/{orderNumber}        orderNumber URL-encoded as one path segment
 *   Accept: application/json
 *   Authorization: {the configured value}     sent verbatim when configured ("Bearer …", "Basic …", a key)
 *
 *   200 application/json, one order:
 *     orderNumber        string, required — the order asked for (a different one is refused)
 *     status             string, required — one of: received, preparing, shipped, out_for_delivery,
 *                                           delivered, cancelled, returned
 *     updatedAt          string, required — ISO 8601 date-time with Z or an offset
 *     customerEmail      string, optional — whoever placed the order; details are only told to them
 *     customerPhone      string, optional — E.164 preferred (+905321234567)
 *     carrier            string, optional — e.g. "Yurtiçi Kargo"
 *     trackingNumber     string, optional
 *     trackingUrl        string, optional — http(s) URL
 *     estimatedDelivery  string, optional — YYYY-MM-DD
 *   Optional fields may be absent or null; any other fields are ignored.
 *   404 — there is no such order (the body is ignored).
 *   Anything else (other statuses, a body that is not such an order, no answer within the timeout)
 *   counts as "the shop cannot answer now": the lookup throws and the question goes to a human.
 */
import * as z from 'zod/mini';
import '#definitions/zod-messages';
import { orderStatuses, type Order } from '#core/model';
import type { OrderLookup } from '#core/ports';

const optional = <T extends z.ZodMiniType>(schema: T) => z.nullish(schema);
const between = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

/** An Order as a source stores or sends it. Unknown fields are stripped; optional ones may be null. */
export const orderSchema = z.object({
  orderNumber: between(1, 64),
  status: z.enum(orderStatuses),
  updatedAt: z.iso.datetime({ offset: true }),
  customerEmail: optional(between(3, 320)),
  customerPhone: optional(between(3, 32)),
  carrier: optional(between(1, 100)),
  trackingNumber: optional(between(1, 100)),
  // Only http(s): the URL is shown to customers as a link.
  trackingUrl: optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2048))),
  estimatedDelivery: optional(z.iso.date()),
});

/** Parses a source's record into an Order with only the Order fields, or says why it is not one. */
export function parseOrder(value: unknown): { ok: true; order: Order } | { ok: false; problems: string } {
  const parsed = orderSchema.safeParse(value);
  if (!parsed.success) {
    // Paths and rules only, never values: records carry customers' e-mail addresses and phones.
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, problems };
  }
  const order = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== null && v !== undefined));
  return { ok: true, order: order as WithoutNulls<ParsedOrder> };
}

type ParsedOrder = z.infer<typeof orderSchema>;
type WithoutNulls<T> = { [K in keyof T]: Exclude<T[K], null> };
/** Compile-time guard: the schema has exactly the Order fields, so neither can drift from the other. */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const schemaMatchesModel: SameKeys<ParsedOrder, Order> = true;
void schemaMatchesModel;

export interface HttpOrderLookupOptions {
  readonly baseUrl: string;
  /** The Authorization header value; never written to errors or logs. */
  readonly authorization?: string;
  /** For the whole exchange, body included. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export class HttpOrderLookup implements OrderLookup {
  private readonly baseUrl: string;
  private readonly authorization: string | undefined;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  /** Names the shop in errors without any credentials a base URL might carry. */
  private readonly where: string;

  constructor(options: HttpOrderLookupOptions) {
    const url = new URL(options.baseUrl);
    // fetch refuses such URLs with an error that repeats them, credentials included.
    if (url.username || url.password) throw new Error('HttpOrderLookup: put credentials in authorization, not in baseUrl');
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.authorization = options.authorization;
    this.timeoutMs = options.timeoutMs ?? 3000;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.where = url.host;
  }

  async findOrder(orderNumber: string): Promise<Order | undefined> {
    const fetchImpl = this.fetchImpl;
    const what = `order lookup for ${JSON.stringify(orderNumber)} at ${this.where}`;
    let response: Response;
    let body: string;
    try {
      response = await fetchImpl(`${this.baseUrl}/orders/${encodeURIComponent(orderNumber)}`, {
        method: 'GET',
        headers: {
          accept: 'application/json',
          ...(this.authorization !== undefined ? { authorization: this.authorization } : {}),
        },
        // Covers reading the body too: a server that stalls mid-body times out as well.
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        // The status only: an error body may echo the request, authorization header included.
        throw new Error(`${what} failed: the shop answered HTTP ${response.status}`);
      }
      body = await response.text();
    } catch (e) {
      throw this.redact(e, what);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new Error(`${what}: the shop's answer is not a valid order (not JSON)`);
    }
    const result = parseOrder(json);
    if (!result.ok) throw new Error(`${what}: the shop's answer is not a valid order (${result.problems})`);
    if (result.order.orderNumber !== orderNumber) {
      // Telling a customer about someone else's order is worse than not answering.
      throw new Error(`${what}: the shop's answer is not a valid order (it is for another order number)`);
    }
    return result.order;
  }

  /** One error naming the cause (status, timeout, network), with the authorization value removed. */
  private redact(e: unknown, what: string): Error {
    let message: string;
    if (e instanceof Error && e.message.startsWith(what)) {
      message = e.message;
    } else if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
      message = `${what} failed: the shop did not answer within ${this.timeoutMs} ms`;
    } else {
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
      message = `${what} failed: ${cause instanceof Error ? cause.message || cause.name : String(cause)}`;
    }
    const secret = this.authorization;
    // The original error is not attached as cause: it may hold the request, headers included.
    return new Error(secret ? message.split(secret).join('[redacted]') : message);
  }
}
