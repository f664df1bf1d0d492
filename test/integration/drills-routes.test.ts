import { describe, expect, it } from 'vitest';
import { agentRoutes } from '#agent/api';
import { definitionServing, routeDefinitions, routeKey, type RouteDefinition } from '#definitions/routes';
import { TEST_SHOP_ORIGIN, visitorToken, type IssuedToken } from './chat-helpers';
import { stack } from './helpers';

/**
 * Bad input at every public route (and every agent route with a good token): oversized, not JSON,
 * the wrong content type, missing fields, unknown ids. Each answer is below 500, and a refusal says
 * why in JSON. Routes come from lambdas/definitions/routes.ts, so a new route is drilled too.
 */
const UNKNOWN = 'no-such-thing-4040';
const pathOf = (r: RouteDefinition) => r.path.replace(/\{[^}]+\}/g, UNKNOWN);
const OVERSIZED = JSON.stringify({ text: 'ş'.repeat(600_000), body: 'x'.repeat(400_000) });

interface Case {
  readonly name: string;
  readonly body?: string;
  readonly contentType?: string;
}
const cases: Case[] = [
  { name: 'no body' },
  { name: 'an oversized body', body: OVERSIZED, contentType: 'application/json' },
  { name: 'a body that is not JSON', body: '{"text": "yarım', contentType: 'application/json' },
  { name: 'a body of the wrong content type', body: 'text=merhaba', contentType: 'application/x-www-form-urlencoded' },
  { name: 'a JSON object without the required fields', body: '{}', contentType: 'application/json' },
  { name: 'a JSON array', body: '[1,2,3]', contentType: 'application/json' },
  { name: 'JSON null', body: 'null', contentType: 'application/json' },
  {
    name: 'fields of the wrong types',
    body: JSON.stringify({ text: 42, visitorId: [], messageId: {}, status: 7, rating: 'x' }),
    contentType: 'application/json',
  },
  {
    name: 'NUL bytes and broken UTF-8',
    body: Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0x00, 0xff, 0xfe, 0x22, 0x7d]).toString('latin1'),
    contentType: 'application/json',
  },
];

/** Routes whose every field is optional: an empty object is a good request there. */
const EMPTY_OBJECT_IS_VALID = new Set(['POST /chat/token', 'POST /help-center/publish']);

let chatToken: IssuedToken | undefined;
function authFor(r: RouteDefinition): Record<string, string> {
  if (r.auth === 'agent') return { authorization: `Bearer ${stack().info.agentToken}` };
  if (r.path.startsWith('/chat/') && r.path !== '/chat/token') return { authorization: `Bearer ${chatToken!.token}`, origin: TEST_SHOP_ORIGIN };
  return { origin: TEST_SHOP_ORIGIN };
}

async function send(r: RouteDefinition, c: Case) {
  const res = await fetch(`${stack().info.api}${pathOf(r)}`, {
    method: r.method,
    headers: { ...authFor(r), ...(c.contentType ? { 'content-type': c.contentType } : {}) },
    ...(c.body !== undefined && r.method !== 'GET' ? { body: c.body } : {}),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('drills: bad input at every route answers 4xx with a clear message, never 500', () => {
  // A greedy route (ANY …/{proxy+}) is drilled as each route under it.
  const drilled = routeDefinitions.flatMap((d) =>
    d.method === 'ANY'
      ? agentRoutes.filter((a) => definitionServing(a.method, a.path) === d).map((a): RouteDefinition => ({ ...d, method: a.method, path: a.path }))
      : [d],
  );
  it('drills every operation the gateway serves, each greedy route as the operations under it', () => {
    expect(drilled.length).toBeGreaterThan(40);
    expect(drilled.some((d) => d.method === 'ANY')).toBe(false);
  });

  for (const route of drilled) {
    it(`${routeKey(route)}`, async () => {
      chatToken ??= await visitorToken();
      const problems: string[] = [];
      for (const c of cases) {
        const res = await send(route, c);
        if (res.status >= 500) problems.push(`${c.name}: ${res.status} ${res.text.slice(0, 200)}`);
        if (res.status >= 400 && /json/.test(res.type)) {
          const message = (JSON.parse(res.text) as { error?: { message?: unknown }; message?: unknown }).error?.message ?? JSON.parse(res.text).message;
          if (typeof message !== 'string' || message.length < 5) problems.push(`${c.name}: ${res.status} without a message: ${res.text.slice(0, 200)}`);
        }
        // A body sent where a body is read is refused, never taken (an unknown id is refused too).
        const validEmpty = c.body === '{}' && EMPTY_OBJECT_IS_VALID.has(routeKey(route));
        if (route.method !== 'GET' && route.method !== 'DELETE' && c.body !== undefined && !validEmpty && res.status < 400)
          problems.push(`${c.name}: accepted with ${res.status}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
