import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ChatClient, TEST_SHOP_ORIGIN, visitorToken } from './chat-helpers';
import { FLOOD_ADDRESS_TOKENS_PER_MINUTE } from './global-setup';
import { stack } from './helpers';

/** Another loopback address than every other test's: the flood has a client address of its own. */
const FLOOD_ADDRESS = '127.0.0.2';

/** A POST to the local HTTP API from the flood's address. */
function postFrom(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: any }> {
  const url = new URL(`${stack().info.api}${path}`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: FLOOD_ADDRESS,
        headers: { 'content-type': 'application/json', origin: TEST_SHOP_ORIGIN, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('the token flood', () => {
  it('300 token requests in 10 s from one address: most get 429 with Retry-After, and an existing visitor is still answered fast', async () => {
    // A visitor already chatting (from the usual test address) before the flood starts.
    const existing = await visitorToken();
    const chat = await ChatClient.open(existing.token);
    chat.say('Merhaba');
    await chat.next((f) => f.type === 'message', 10_000);

    const sent: Promise<{ status: number; headers: Record<string, unknown>; json: any }>[] = [];
    const latencies: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 300; i++) {
      const at = started + (i * 10_000) / 300;
      await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
      sent.push(postFrom('/chat/token', {}));
      if (i % 100 === 50) {
        // Mid-flood: the existing visitor asks and waits for the bot's pushed answer.
        const from = chat.frames.length;
        const asked = Date.now();
        chat.say('kargom nerede?');
        await chat.next((f) => f.type === 'message', 10_000, from);
        latencies.push(Date.now() - asked);
      }
    }
    const results = await Promise.all(sent);
    await chat.close();
    // A generous bound for a shared test machine; bench/chat.ts measures the target (p95 < 300 ms).
    expect(Math.max(...latencies)).toBeLessThan(2_000);

    const accepted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(accepted.length + refused.length).toBe(300);
    expect(accepted.length).toBeLessThanOrEqual(FLOOD_ADDRESS_TOKENS_PER_MINUTE * 2); // the flood may span two minute windows
    expect(refused.length).toBeGreaterThan(150);
    const one = refused[0]!;
    expect(Number(one.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(one.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(one.json.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/chat tokens a minute from one network address/) });

    // The usual address is not the flood's: its visitors still get tokens.
    expect((await visitorToken()).visitorId).toMatch(/^v_/);
  }, 60_000);
});
