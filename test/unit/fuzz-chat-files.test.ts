import { describe, expect, it } from 'vitest';
import { makeChatIngest } from '#channels/chat';
import { issueVisitorToken } from '#channels/chat/visitor-token';
import type { InboundMessage } from '#core/messages';
import { httpHandler } from '#http/middleware';
import { SAMPLES } from '#test/fixtures/file-samples';
import { checkEnqueued, fc, nastyString } from './fuzz-cases';
import { httpEvent, lambdaContext } from './http-fixtures';

/** A fixed seed (printed by fast-check with the failing case) so CI runs the same cases; FUZZ_SEED picks others. */
const seed = Number(process.env.FUZZ_SEED ?? 20261207);
const SECRET = 'chat-token-secret-for-fuzzing-0123456789';
const MAX = 4096;

/** Bytes that start like a real file (mostly) or not, then anything. */
const fileBytes = fc
  .tuple(fc.oneof({ arbitrary: fc.constantFrom(...Object.values(SAMPLES)), weight: 3 }, fc.constant(Buffer.alloc(0))), fc.uint8Array({ maxLength: 5000 }))
  .map(([head, tail]) => Buffer.concat([head, Buffer.from(tail)]));

/** Mostly well-formed queries (so files get stored), with every field sometimes nasty or missing. */
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, a);
const fileCase = fc.record({
  query: fc.record({
    messageId: fc.oneof({ arbitrary: fc.stringMatching(/^[a-z0-9]{1,20}$/), weight: 8 }, nastyString, fc.constant(undefined)),
    filename: fc.oneof({ arbitrary: fc.stringMatching(/^[a-zçğıöşü ]{1,12}\.(jpg|png|pdf|heic)$/), weight: 3 }, nastyString),
    name: maybe(nastyString),
    email: maybe(fc.oneof(fc.emailAddress(), nastyString)),
  }),
  bytes: fileBytes,
  base64: fc.boolean(),
});

describe('fuzzing chat files', () => {
  it('a file of any bytes with any query is stored once and enqueued valid, or refused with a 4xx that says why and nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(fileCase, async (c) => {
        const enqueued: InboundMessage[] = [];
        const stored: string[] = [];
        const handler = httpHandler(
          makeChatIngest({
            enqueue: async (m) => void enqueued.push(m),
            store: { takeAllowance: async () => true },
            maxChars: 4000,
            allowedOrigins: ['*'],
            tokenSecret: SECRET,
            messagesPerMinute: 1000,
            messagesPerAddressPerMinute: 1000,
            files: { bucket: 'files', maxBytes: MAX, put: async (key) => void stored.push(key) },
          }),
        );
        const token = await issueVisitorToken(SECRET, { visitorId: 'v-fuzz' }, 60, new Date('2026-11-23T10:00:00Z'));
        const res = await handler(
          httpEvent({
            routeKey: 'POST /chat/attachments',
            queryStringParameters: Object.fromEntries(Object.entries(c.query).filter(([, v]) => v !== undefined)) as Record<string, string>,
            body: c.base64 ? c.bytes.toString('base64') : c.bytes.toString('latin1'),
            isBase64Encoded: c.base64,
            headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
          }),
          lambdaContext,
        );
        const status = res.statusCode ?? 0;
        if (status === 202) {
          expect(stored).toHaveLength(1);
          expect(enqueued).toHaveLength(1);
          checkEnqueued(enqueued[0]!);
          expect(enqueued[0]!.attachments[0]!.key).toBe(stored[0]);
          expect(stored[0]).toMatch(/^chat\/2026\/11\/23\/[0-9a-f]{32}\/1-[\w.-]+$/);
        } else {
          expect(status >= 400 && status < 500, `answered ${status}: ${(res.body ?? '').slice(0, 200)}`).toBe(true);
          expect(typeof JSON.parse(res.body ?? '{}').error?.message).toBe('string');
          expect({ stored, enqueued }).toEqual({ stored: [], enqueued: [] });
        }
      }),
      { numRuns: 200, seed, endOnFailure: true },
    );
  }, 120_000);
});
