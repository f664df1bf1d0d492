import { describe, expect, it } from 'vitest';
import { rateAddress, type RateCounter } from '#channels/chat/ports';
import { makeVisitorApi } from '#channels/chat/visitor-api';
import { issueVisitorToken } from '#channels/chat/visitor-token';
import { RateLimitedError } from '#core/errors';
import { errorResponse } from '#http/middleware';
import { httpEvent } from './http-fixtures';

const SECRET = 'token-secret-token-secret-token-secret';
const now = new Date('2026-11-23T10:00:45Z');

function setup(limits: { perAddress: number; newVisitors: number }) {
  const counted = new Map<string, number>();
  const api = makeVisitorApi({
    store: {
      history: async () => ({ items: [], next: null }),
      takeAllowance: async (c: RateCounter, _now, perMinute) => {
        const key = `${c.kind}#${c.id}`;
        const n = counted.get(key) ?? 0;
        if (n >= perMinute) return false;
        counted.set(key, n + 1);
        return true;
      },
    },
    tokenSecret: SECRET,
    shopSecret: 'shop-secret-shop-secret-shop-secret',
    websocketUrl: 'wss://example',
    allowedOrigins: ['*'],
    tokenTtlMinutes: 60,
    maxChars: 100,
    messagesPerMinute: 20,
    tokensPerAddressPerMinute: limits.perAddress,
    newVisitorsPerMinute: limits.newVisitors,
    now: () => now,
  });
  const token = (sourceIp: string, body: object = {}) =>
    api(
      httpEvent({
        routeKey: 'POST /chat/token',
        body: JSON.stringify(body),
        requestContext: { http: { method: 'POST', path: '/chat/token', protocol: 'HTTP/1.1', sourceIp, userAgent: 't' } } as never,
      }),
    )
      .then((r) => r.statusCode)
      .catch((e: unknown) => e);
  return { token, counted };
}

describe('POST /chat/token limits', () => {
  it('refuses an address over its limit with 429, Retry-After to the next minute and a clear message; other addresses go on', async () => {
    const { token } = setup({ perAddress: 2, newVisitors: 100 });
    expect(await token('203.0.113.7')).toBe(200);
    expect(await token('203.0.113.7')).toBe(200);
    const refused = await token('203.0.113.7');
    expect(refused).toBeInstanceOf(RateLimitedError);
    const res = errorResponse(refused, 'req');
    expect(res.statusCode).toBe(429);
    expect(res.headers?.['retry-after']).toBe('15');
    expect(JSON.parse(res.body!).error).toEqual({
      code: 'rate_limited',
      message: 'at most 2 chat tokens a minute from one network address; try again in 15 s',
    });
    expect(await token('203.0.113.8')).toBe(200);
  });

  it('caps new visitors for the whole shop; a returning visitor renewing a valid token still gets one', async () => {
    const { token } = setup({ perAddress: 100, newVisitors: 2 });
    expect(await token('198.51.100.1')).toBe(200);
    expect(await token('198.51.100.2')).toBe(200);
    expect(await token('198.51.100.3')).toMatchObject({ status: 429, message: expect.stringContaining('at most 2 new visitors a minute') });
    const previousToken = await issueVisitorToken(SECRET, { visitorId: 'v_returning' }, 60, now);
    expect(await token('198.51.100.4', { previousToken })).toBe(200);
    // A forged previous token is a new visitor, so it meets the shop's cap.
    expect(await token('198.51.100.5', { previousToken: `${previousToken}x` })).toMatchObject({ status: 429 });
  });

  it('counts IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    expect(rateAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateAddress('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(rateAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(rateAddress('192.0.2.1')).toBe('192.0.2.1');
    expect(rateAddress(undefined)).toBe('unknown');
  });
});
