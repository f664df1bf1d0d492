import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAgentTokenVerifier } from '#adapters/agent-token';
import { LOCAL_AGENTS, LocalAgentAuth } from '#local/auth';

const ISSUER = 'https://destek.local/agents';
const AUDIENCE = 'destek-agent-api';
let auth: LocalAgentAuth;
let verify: ReturnType<typeof makeAgentTokenVerifier>;

beforeAll(async () => {
  auth = await LocalAgentAuth.create(ISSUER, AUDIENCE);
  verify = makeAgentTokenVerifier({ issuer: ISSUER, audience: AUDIENCE }, createLocalJWKSet(await auth.jwks()), 0);
});

describe("verifying an agent's token on the live socket", () => {
  it('accepts an ID token of the user pool for the console client from an agent, until it expires', async () => {
    const check = await verify(await auth.sign(LOCAL_AGENTS.agent, '1h'));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.agent.agentId).toBe('local-agent');
    expect(check.agent.expiresAt).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(check.agent.expiresAt).toBeLessThanOrEqual(Date.now() / 1000 + 3600);
  });

  it('accepts an admin', async () => {
    expect((await verify(await auth.sign({ sub: 'a', email: 'a@x', groups: ['admin'] }))).ok).toBe(true);
  });

  it('refuses an expired token', async () => {
    expect(await verify(await auth.signWith(LOCAL_AGENTS.agent, { expiresIn: '1 minute ago' }))).toEqual({ ok: false, refusal: 'expired' });
  });

  it('refuses a token for another client (audience)', async () => {
    expect(await verify(await auth.signWith(LOCAL_AGENTS.agent, { audience: 'another-client' }))).toEqual({ ok: false, refusal: 'wrong_audience' });
  });

  it('refuses a token of another issuer', async () => {
    expect(await verify(await auth.signWith(LOCAL_AGENTS.agent, { issuer: 'https://elsewhere.example/pool' }))).toEqual({ ok: false, refusal: 'wrong_issuer' });
  });

  it('refuses a user of the pool who is in no agent group', async () => {
    expect(await verify(await auth.sign({ sub: 'c', email: 'c@x', groups: ['customer'] }))).toEqual({ ok: false, refusal: 'not_an_agent' });
  });

  it('refuses an access token (token_use access): the console sends its ID token', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256' }] });
    const token = await new SignJWT({ 'cognito:groups': ['agent'], token_use: 'access' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setSubject('s')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await makeAgentTokenVerifier({ issuer: ISSUER, audience: AUDIENCE }, keys)(token)).toEqual({ ok: false, refusal: 'not_an_id_token' });
  });

  it('refuses a token signed with a key the issuer does not publish, and one that is not a JWT', async () => {
    const other = await LocalAgentAuth.create(ISSUER, AUDIENCE);
    expect((await verify(await other.sign(LOCAL_AGENTS.agent))).ok).toBe(false);
    expect(await verify('not-a-token')).toEqual({ ok: false, refusal: 'malformed' });
  });
});
