import { generateKeyPair, SignJWT } from 'jose';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { FunctionName } from '#definitions/functions';
import { startLocalStack, type LocalStackInfo } from '#local/stack';

/** The per-address token limit of the test stack (configuration chat.tokenLimits.perAddressPerMinute). */
export const FLOOD_ADDRESS_TOKENS_PER_MINUTE = 60;

/** The inline limit of CSV exports in the test stack (configuration exports.inlineMaxBytes). */
export const EXPORT_TEST_INLINE_MAX_BYTES = 100_000;

/** The one origin besides the demo page that may use the chat in tests; any other is refused. */
export const TEST_SHOP_ORIGIN = 'https://shop.test';

export interface TestStack {
  readonly info: LocalStackInfo;
  /** Each function's environment, as the local stack runs it. */
  readonly envs: Record<FunctionName, Record<string, string>>;
  readonly bundles: Record<FunctionName, string>;
  /** Tokens the gateway must refuse. */
  readonly badTokens: { expired: string; wrongAudience: string; forged: string };
  /** A good token of an agent who is not an admin. */
  readonly agentOnlyToken: string;
  /** Good tokens (signature, issuer, audience, expiry) of users in no group, or only in a group we do not know. */
  readonly outsiderTokens: { noGroup: string; unknownGroup: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStack;
  }
}

/** One local stack for the whole integration run, on free ports, functions' logs silenced. */
export default async function setup(project: TestProject) {
  const stack = await startLocalStack({
    projectRoot: resolve(import.meta.dirname, '../..'),
    ports: { api: 0, dynamodb: 0, sqs: 0, s3: 0, ses: 0, lex: 0, smtp: 0, social: 0, ws: 0, web: 0, scheduler: 0, lambda: 0, secrets: 0, live: 0, events: 0 },
    functionOutput: 'silent',
    // Every test's client is 127.0.0.1: its per-address chat limits are raised so the suite's own
    // traffic never meets them; the token-flood drill comes from another loopback address (127.0.0.2).
    envOverrides: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      // The stack adds its own demo page's origin.
      CHAT_ALLOWED_ORIGINS: TEST_SHOP_ORIGIN,
      CHAT_TOKENS_PER_ADDRESS_PER_MINUTE: String(FLOOD_ADDRESS_TOKENS_PER_MINUTE),
      CHAT_MESSAGES_PER_ADDRESS_PER_MINUTE: '100000',
      // A CSV export over 100 kB goes to the bucket (by default 5 MB), so a test reaches that path with hundreds of tickets.
      EXPORT_INLINE_MAX_BYTES: String(EXPORT_TEST_INLINE_MAX_BYTES),
    },
  });
  const agent = { sub: 'agent-1', email: 'a@example.com', groups: ['agent'] };
  const other = await generateKeyPair('RS256');
  const forged = await new SignJWT({ 'cognito:groups': ['admin'] })
    .setProtectedHeader({ alg: 'RS256', kid: 'local' })
    .setSubject('intruder')
    .setIssuer(stack.auth.issuer)
    .setAudience(stack.auth.audience)
    .setExpirationTime('1h')
    .sign(other.privateKey);
  project.provide('stack', {
    info: stack.info,
    envs: stack.envs,
    bundles: stack.bundles,
    badTokens: {
      expired: await stack.auth.sign(agent, '-1m'),
      wrongAudience: await stack.auth.signWith(agent, { audience: 'someone-else' }),
      forged,
    },
    agentOnlyToken: await stack.auth.sign(agent),
    outsiderTokens: {
      noGroup: await stack.auth.sign({ sub: 'user-no-group', email: 'nobody@example.com', groups: [] }),
      unknownGroup: await stack.auth.sign({ sub: 'user-other-group', email: 'other@example.com', groups: ['marketing'] }),
    },
  });
  return () => stack.stop();
}
