import { errors, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signHs256 } from '#channels/chat/hs256';
import { issueVisitorToken, signCustomerRef, verifyCustomerRef, verifyVisitorToken } from '#channels/chat/visitor-token';

/**
 * The chat's tokens through node:crypto against jose, which checked them before: the same tokens are
 * taken and refused for the same reasons (expired, forged, wrong audience or issuer, bad claims).
 */
const secret = 'chat-secret-0123456789-0123456789';
const now = new Date('2026-12-07T12:00:00Z');
const t = Math.floor(now.getTime() / 1000);
const key = new TextEncoder().encode(secret);

/** The visitor token check as it was, with jose. */
async function joseVisitor(token: string, renewWithinSeconds?: number): Promise<string> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: 'destek-chat',
      audience: 'destek-chat-visitor',
      currentDate: now,
      clockTolerance: renewWithinSeconds ?? 5,
      requiredClaims: ['sub', 'exp'],
    });
    return `visitor ${payload.sub} ${payload.email ?? ''}`;
  } catch (e) {
    return e instanceof errors.JWTExpired ? 'expired' : 'invalid';
  }
}
async function ours(token: string, renewWithinSeconds?: number): Promise<string> {
  try {
    const v = await verifyVisitorToken(secret, token, { now, ...(renewWithinSeconds === undefined ? {} : { renewWithinSeconds }) });
    return `visitor ${v.visitorId} ${v.email ?? ''}`;
  } catch (e) {
    return /expired/.test((e as Error).message) ? 'expired' : 'invalid';
  }
}

const jose = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }, k = key) =>
  new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(k);
const valid = { iss: 'destek-chat', aud: 'destek-chat-visitor', sub: 'v_1', iat: t - 10, exp: t + 600 };
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('visitor tokens', () => {
  it('are read by jose as jose wrote them, both ways', async () => {
    const token = await issueVisitorToken(secret, { visitorId: 'v_9', email: 'a@b.co' }, 30, now);
    expect(await joseVisitor(token)).toBe('visitor v_9 a@b.co');
    expect(await ours(await jose({ ...valid, email: 'a@b.co' }))).toBe('visitor v_1 a@b.co');
  });

  const cases: Record<string, () => Promise<string> | string> = {
    valid: () => jose(valid),
    'audience among several': () => jose({ ...valid, aud: ['x', 'destek-chat-visitor'] }),
    expired: () => jose({ ...valid, exp: t - 6 }),
    'expired within the tolerance': () => jose({ ...valid, exp: t - 4 }),
    forged: () => jose(valid, undefined, new TextEncoder().encode('another secret entirely, 0123456789')),
    'wrong audience': () => jose({ ...valid, aud: 'destek-chat-customer' }),
    'wrong issuer': () => jose({ ...valid, iss: 'someone' }),
    'no subject': () => jose({ ...valid, sub: undefined }),
    'no expiry': () => jose({ ...valid, exp: undefined }),
    'not yet valid': () => jose({ ...valid, nbf: t + 60 }),
    'expiry not a number': () => jose({ ...valid, exp: String(t + 600) }),
    'alg HS512': () => jose(valid, { alg: 'HS512' }),
    'alg none': () => `${b64({ alg: 'none' })}.${b64(valid)}.`,
    'payload changed after signing': async () => {
      const [h, , s] = (await jose(valid)).split('.');
      return `${h}.${b64({ ...valid, sub: 'v_admin' })}.${s}`;
    },
    'signature cut': async () => (await jose(valid)).slice(0, -2),
    'payload not an object': () => signHs256(secret, [1, 2] as never),
    garbage: () => 'a.b',
    'two dots, nothing else': () => '..',
  };
  it.each(Object.keys(cases))('%s: the same answer as jose', async (name) => {
    const token = await cases[name]!();
    expect(await ours(token)).toBe(await joseVisitor(token));
  });

  it('takes an expired token for the renewal window, and not after it', async () => {
    const token = await jose({ ...valid, exp: t - 3000 });
    expect(await ours(token, 3600)).toBe(await joseVisitor(token, 3600));
    expect(await ours(token, 3600)).toBe('visitor v_1 ');
    expect(await ours(token)).toBe('expired');
  });
});

describe('customer references', () => {
  const shop = 'shop-secret-0123456789-0123456789';
  const joseRef = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(shop));
  const answer = (p: Promise<string>) =>
    p.then(
      (e) => `ok ${e}`,
      (e: Error) => e.name,
    );

  it('take a reference signed by the shop, as jose signs it, and give the address', async () => {
    expect(await answer(verifyCustomerRef(shop, await joseRef({ email: ' A@Shop.COM ', aud: 'destek-chat-customer', iat: t - 60, exp: t + 600 }), now))).toBe(
      'ok a@shop.com',
    );
    expect(await answer(verifyCustomerRef(shop, await signCustomerRef(shop, 'b@shop.com', 600, now), now))).toBe('ok b@shop.com');
  });

  it.each([
    ['older than a day', { iat: t - 86_401, exp: t + 600 }],
    ['issued in the future', { iat: t + 60, exp: t + 600 }],
    ['without iat', { exp: t + 600 }],
    ['expired', { iat: t - 700, exp: t - 1 }],
    ['for another audience', { aud: 'destek-chat-visitor', iat: t, exp: t + 600 }],
  ])('refuse a reference %s', async (_what, claims) => {
    const ref = await joseRef({ email: 'a@shop.com', aud: 'destek-chat-customer', ...claims });
    expect(await answer(verifyCustomerRef(shop, ref, now))).toBe('UnauthorizedError');
  });

  it('names a reference without an address apart', async () => {
    const ref = await joseRef({ aud: 'destek-chat-customer', iat: t, exp: t + 600 });
    expect(await answer(verifyCustomerRef(shop, ref, now))).toBe('ValidationError');
  });
});
