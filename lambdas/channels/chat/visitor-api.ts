import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import '#definitions/zod-messages';
import { ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from '#core/errors';
import { json, type HttpEvent, type HttpResult } from '#http/http';
import { parseJsonBody } from '#http/validate';
import { chatFileTypes, MAX_CHAT_FILE_BYTES } from '#definitions/uploads';
import { originAllowed } from './accept';
import { rateAddress, secondsLeftInMinute, type ChatStore } from './ports';
import { issueVisitorToken, verifyCustomerRef, verifyVisitorToken, type Visitor } from './visitor-token';

export interface VisitorApiDeps {
  readonly store: Pick<ChatStore, 'history' | 'takeAllowance'>;
  readonly tokenSecret: string;
  readonly shopSecret: string;
  readonly websocketUrl: string;
  readonly allowedOrigins: readonly string[];
  readonly tokenTtlMinutes: number;
  readonly maxChars: number;
  readonly messagesPerMinute: number;
  /** Tokens one client address may get a minute (new and renewed). */
  readonly tokensPerAddressPerMinute: number;
  /** New visitors the whole shop may get a minute: a flood cannot mint message budgets without end. */
  readonly newVisitorsPerMinute: number;
  readonly now?: () => Date;
}

/** An expired token still proves the visitor for renewal this long: a returning visitor keeps their history. */
const RENEW_WITHIN_SECONDS = 30 * 24 * 3600;

export const tokenRequestSchema = z.strictObject({
  /** The visitor's previous token (expired is fine): the new one keeps its visitor id. */
  previousToken: z.optional(z.string().check(z.maxLength(4096))),
  /** The shop's signed reference to its logged-in customer (see README, Live chat). */
  customerRef: z.optional(z.string().check(z.maxLength(4096))),
});

export const bearer = (event: HttpEvent): string | undefined => /^Bearer\s+(\S+)$/i.exec(event.headers?.authorization ?? '')?.[1];

/** The visitor an HTTP request comes from: its visitor token, from an allowed origin. */
export async function visitorOf(event: HttpEvent, deps: Pick<VisitorApiDeps, 'tokenSecret' | 'allowedOrigins'>, now: Date): Promise<Visitor> {
  const origin = event.headers?.origin;
  if (!originAllowed(origin, deps.allowedOrigins)) throw new ForbiddenError(`origin ${origin} may not use the chat`);
  return verifyVisitorToken(deps.tokenSecret, bearer(event), { now });
}

/**
 * POST /chat/token issues a visitor token (renewing the visitor's previous one, or a new visitor);
 * GET /chat/conversations/{id}/messages is the visitor's history (newest page, or after a cursor).
 */
export function makeVisitorApi(deps: VisitorApiDeps) {
  const now = deps.now ?? (() => new Date());
  return async (event: HttpEvent): Promise<HttpResult> => {
    const at = now();
    if (event.routeKey === 'POST /chat/token') {
      const origin = event.headers?.origin;
      if (!originAllowed(origin, deps.allowedOrigins)) throw new ForbiddenError(`origin ${origin} may not use the chat`);
      const body = parseJsonBody(event, tokenRequestSchema, 16_384);
      const wait = secondsLeftInMinute(at);
      if (
        !(await deps.store.takeAllowance({ kind: 'address-tokens', id: rateAddress(event.requestContext.http?.sourceIp) }, at, deps.tokensPerAddressPerMinute))
      ) {
        throw new RateLimitedError(`at most ${deps.tokensPerAddressPerMinute} chat tokens a minute from one network address; try again in ${wait} s`, wait);
      }
      let visitor: Visitor | undefined;
      if (body.previousToken) {
        // A token we cannot verify is not an error here: the page simply gets a new visitor.
        visitor = await verifyVisitorToken(deps.tokenSecret, body.previousToken, { now: at, renewWithinSeconds: RENEW_WITHIN_SECONDS }).catch(() => undefined);
      }
      if (!visitor) {
        if (!(await deps.store.takeAllowance({ kind: 'shop-new-visitors', id: 'shop' }, at, deps.newVisitorsPerMinute))) {
          throw new RateLimitedError(`the chat takes at most ${deps.newVisitorsPerMinute} new visitors a minute; try again in ${wait} s`, wait);
        }
        visitor = { visitorId: `v_${randomUUID().replaceAll('-', '')}` };
      }
      if (body.customerRef) visitor = { visitorId: visitor.visitorId, email: await verifyCustomerRef(deps.shopSecret, body.customerRef, at) };
      const token = await issueVisitorToken(deps.tokenSecret, visitor, deps.tokenTtlMinutes, at);
      return json(200, {
        token,
        visitorId: visitor.visitorId,
        customerVerified: Boolean(visitor.email),
        expiresAt: new Date(at.getTime() + deps.tokenTtlMinutes * 60_000).toISOString(),
        websocketUrl: deps.websocketUrl,
        limits: { maxChars: deps.maxChars, messagesPerMinute: deps.messagesPerMinute, maxFileBytes: MAX_CHAT_FILE_BYTES, fileTypes: chatFileTypes },
      });
    }
    if (event.routeKey === 'GET /chat/conversations/{id}/messages') {
      const visitor = await visitorOf(event, deps, at);
      if (event.pathParameters?.id !== visitor.visitorId) throw new ForbiddenError('a visitor may read only their own conversation');
      const after = event.queryStringParameters?.after;
      const limitRaw = event.queryStringParameters?.limit ?? '50';
      const limit = Number(limitRaw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new ValidationError('limit must be an integer from 1 to 100');
      const page = await deps.store.history(visitor, { limit, ...(after ? { after } : {}) });
      return json(200, { conversationId: visitor.visitorId, items: page.items, next: page.next });
    }
    throw new NotFoundError(`no route ${event.routeKey}`);
  };
}
