import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '#core/model';
import { HttpOrderLookup } from '#adapters/orders-http';

const secret = 'Bearer shop-secret-7f3a9c';

const shipped: Order = {
  orderNumber: '100003',
  status: 'shipped',
  customerEmail: 'zeynep.demir@example.com',
  customerPhone: '+905437654321',
  carrier: 'Yurtiçi Kargo',
  trackingNumber: '402318765914',
  trackingUrl: 'https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=402318765914',
  estimatedDelivery: '2026-03-09',
  updatedAt: '2026-03-06T15:40:05Z',
};

/** What the fake shop answers for a decoded order number; the last request it saw is kept. */
type Reply = (res: ServerResponse) => void;
const json =
  (status: number, body: unknown): Reply =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
let replies: Record<string, Reply> = {};
let seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const prefix = '/shop-api/orders/';
    const reply = req.url?.startsWith(prefix) ? replies[decodeURIComponent(req.url.slice(prefix.length))] : undefined;
    if (reply) reply(res);
    else json(404, { error: 'no such order' })(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shop-api/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  replies = {};
  seen = [];
});

const lookup = (over: Partial<ConstructorParameters<typeof HttpOrderLookup>[0]> = {}) => new HttpOrderLookup({ baseUrl, authorization: secret, ...over });

/** The error findOrder rejected with (fails the test if it resolved). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (v) => ({ resolved: v }),
    (e: unknown) => ({ error: e }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`);
  expect(outcome.error).toBeInstanceOf(Error);
  return outcome.error as Error;
}

/** Everything an error would show in a log: message, stack, and any cause chain. */
const everythingIn = (e: Error) => `${e.message}\n${e.stack}\n${String(e.cause ?? '')}\n${JSON.stringify(e)}`;

describe('HttpOrderLookup', () => {
  it('returns the order the shop answers with, only the Order fields', async () => {
    replies['100003'] = json(200, { ...shipped, internalNote: 'VIP', items: [{ sku: 'X', qty: 1 }] });
    const order = await lookup().findOrder('100003');
    expect(order).toEqual(shipped);
    expect(Object.keys(order!).sort()).toEqual(Object.keys(shipped).sort());
  });

  it('treats null optional fields as absent', async () => {
    replies['100001'] = json(200, { orderNumber: '100001', status: 'received', updatedAt: '2026-03-06T09:14:22+03:00', carrier: null, trackingNumber: null });
    expect(await lookup().findOrder('100001')).toEqual({ orderNumber: '100001', status: 'received', updatedAt: '2026-03-06T09:14:22+03:00' });
  });

  it('sends the authorization and accept headers to the orders path', async () => {
    replies['100003'] = json(200, shipped);
    await lookup().findOrder('100003');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/shop-api/orders/100003');
    expect(seen[0]!.headers.authorization).toBe(secret);
    expect(seen[0]!.headers.accept).toBe('application/json');
  });

  it('sends no authorization header when none is configured', async () => {
    replies['100003'] = json(200, shipped);
    await lookup({ authorization: undefined }).findOrder('100003');
    expect(seen[0]!.headers).not.toHaveProperty('authorization');
  });

  it('URL-encodes an order number with special characters as one path segment', async () => {
    const odd = 'TR/2026 #7?x=1&y%ş';
    replies[odd] = json(200, { ...shipped, orderNumber: odd });
    expect(await lookup().findOrder(odd)).toEqual({ ...shipped, orderNumber: odd });
    expect(seen[0]!.url).toBe(`/shop-api/orders/${encodeURIComponent(odd)}`);
    expect(seen[0]!.url).toBe('/shop-api/orders/TR%2F2026%20%237%3Fx%3D1%26y%25%C5%9F');
  });

  it('an unknown order number (404) returns undefined', async () => {
    expect(await lookup().findOrder('999999')).toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it('a 500 throws an error naming the status', async () => {
    replies['100003'] = json(500, { error: 'database down' });
    const e = await failure(lookup().findOrder('100003'));
    expect(e.message).toMatch(/HTTP 500/);
    expect(e.message).toContain('100003');
  });

  it('a body that is not JSON throws "not a valid order"', async () => {
    replies['100003'] = (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>');
    expect((await failure(lookup().findOrder('100003'))).message).toMatch(/not a valid order/);
  });

  it('JSON that is not an order throws "not a valid order" and names the bad fields, not their values', async () => {
    replies['100003'] = json(200, { ...shipped, status: 'lost-in-space', trackingUrl: 'javascript:alert(1)', updatedAt: undefined });
    const e = await failure(lookup().findOrder('100003'));
    expect(e.message).toMatch(/not a valid order/);
    expect(e.message).toMatch(/status/);
    expect(e.message).toMatch(/trackingUrl/);
    expect(e.message).toMatch(/updatedAt/);
    expect(e.message).not.toContain('lost-in-space');
    expect(e.message).not.toContain(shipped.customerEmail);
  });

  it('an answer for another order number throws instead of returning it', async () => {
    replies['100003'] = json(200, { ...shipped, orderNumber: '100004' });
    expect((await failure(lookup().findOrder('100003'))).message).toMatch(/not a valid order.*another order number/);
  });

  it('a server slower than the timeout throws a timeout error', async () => {
    replies['100003'] = (res) => setTimeout(() => json(200, shipped)(res), 2000);
    const started = Date.now();
    const e = await failure(lookup({ timeoutMs: 150 }).findOrder('100003'));
    expect(e.message).toMatch(/did not answer within 150 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a server that stalls in the middle of the body times out too', async () => {
    replies['100003'] = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"orderNumber":"100003",');
      setTimeout(() => res.end('"status":"shipped","updatedAt":"2026-03-06T15:40:05Z"}'), 2000);
    };
    const e = await failure(lookup({ timeoutMs: 150 }).findOrder('100003'));
    expect(e.message).toMatch(/did not answer within 150 ms/);
  });

  it('a network error throws naming the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const e = await failure(lookup({ baseUrl: `http://127.0.0.1:${port}` }).findOrder('100003'));
    expect(e.message).toMatch(/ECONNREFUSED/);
    expect(everythingIn(e)).not.toContain(secret);
  });

  it('never leaks the authorization value in errors, even when the shop echoes it back', async () => {
    const echo: Reply = (res) => res.writeHead(401, { 'content-type': 'text/plain' }).end(`bad credentials: ${secret}`);
    replies['401'] = echo;
    replies['500'] = (res) => res.writeHead(500).end(JSON.stringify({ received: secret }));
    replies.bad = json(200, { orderNumber: 'bad', status: secret, updatedAt: secret });
    replies.slow = (res) => setTimeout(() => echo(res), 2000);
    const errors = await Promise.all(['401', '500', 'bad', 'slow'].map((n) => failure(lookup({ timeoutMs: 150 }).findOrder(n))));
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/HTTP 401/),
      expect.stringMatching(/HTTP 500/),
      expect.stringMatching(/not a valid order/),
      expect.stringMatching(/did not answer/),
    ]);
    for (const e of errors) expect(everythingIn(e)).not.toContain('shop-secret-7f3a9c');
  });

  it('refuses a base URL with credentials in it', () => {
    expect(() => lookup({ baseUrl: 'https://shop:hunter2@shop.example/api' })).toThrow(/not in baseUrl/);
  });

  it('redacts the authorization value from a network error that contains it', async () => {
    const leaky: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error(`proxy refused request with authorization ${secret}`) });
    };
    const e = await failure(lookup({ fetch: leaky }).findOrder('100003'));
    expect(e.message).toMatch(/proxy refused request/);
    expect(e.message).toContain('[redacted]');
    expect(everythingIn(e)).not.toContain('shop-secret-7f3a9c');
  });
});
