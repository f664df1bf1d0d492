import { UnauthorizedError, ValidationError } from '#core/errors';
import { JwtRefusedError, signHs256, verifyHs256 } from './hs256';

/**
 * Visitor tokens: HS256 JWTs the token route issues to a shop's page, carrying the visitor id and,
 * when the shop vouched for a logged-in customer, that customer's e-mail address. $connect, the
 * history route and the HTTP fallback accept nothing else as the visitor's identity.
 */
const ISSUER = 'destek-chat';
const AUDIENCE = 'destek-chat-visitor';
/** What the shop's signed customer reference is for (its `aud`), so no other token of the shop passes. */
export const CUSTOMER_REF_AUDIENCE = 'destek-chat-customer';
/** A customer reference is minted per page view; an old one (a day) is not accepted. */
const CUSTOMER_REF_MAX_AGE_SECONDS = 24 * 60 * 60;

export interface Visitor {
  readonly visitorId: string;
  /** The logged-in customer's e-mail address, as the shop signed it. */
  readonly email?: string;
}

export async function issueVisitorToken(secret: string, visitor: Visitor, ttlMinutes: number, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return signHs256(secret, {
    ...(visitor.email ? { email: visitor.email } : {}),
    iss: ISSUER,
    aud: AUDIENCE,
    sub: visitor.visitorId,
    iat,
    exp: iat + ttlMinutes * 60,
  });
}

/**
 * The visitor a token names. `renewWithinSeconds`: an expired token still proves who the visitor is
 * for that long (the token route renews with it); everywhere else expiry is final.
 */
export async function verifyVisitorToken(secret: string, token: string | undefined, opts: { now?: Date; renewWithinSeconds?: number } = {}): Promise<Visitor> {
  if (!token) throw new UnauthorizedError('a visitor token is required (POST /chat/token issues one)');
  try {
    const payload = verifyHs256(secret, token, {
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: opts.now ?? new Date(),
      clockTolerance: opts.renewWithinSeconds ?? 5,
      requiredClaims: ['sub', 'exp'],
    });
    return { visitorId: payload.sub!, ...(typeof payload.email === 'string' ? { email: payload.email } : {}) };
  } catch (e) {
    if (e instanceof JwtRefusedError && e.reason === 'expired') throw new UnauthorizedError('the visitor token has expired; renew it at POST /chat/token');
    throw new UnauthorizedError('the visitor token is not valid');
  }
}

/**
 * How a shop's server vouches for its logged-in customer: an HS256 JWT with the shop's secret, `email`
 * claim, audience destek-chat-customer, short expiry. The widget passes it on as data-customer-ref.
 */
export async function signCustomerRef(shopSecret: string, email: string, ttlSeconds = 3600, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return signHs256(shopSecret, { email, aud: CUSTOMER_REF_AUDIENCE, iat, exp: iat + ttlSeconds });
}

/** The e-mail address a customer reference vouches for; a bad, expired or foreign one is refused. */
export async function verifyCustomerRef(shopSecret: string, ref: string, now = new Date()): Promise<string> {
  try {
    const payload = verifyHs256(shopSecret, ref, {
      audience: CUSTOMER_REF_AUDIENCE,
      currentDate: now,
      maxTokenAgeSeconds: CUSTOMER_REF_MAX_AGE_SECONDS,
      requiredClaims: ['exp', 'iat'],
    });
    const email = typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : '';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ValidationError('the customer reference has no e-mail address');
    return email;
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    throw new UnauthorizedError('the customer reference is not valid (sign it with the shop secret, audience destek-chat-customer)');
  }
}
