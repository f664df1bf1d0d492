import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { TokenCheck, TokenRefusal } from '#agent/live';

export interface AgentTokenIssuer {
  /** The user pool (https://cognito-idp.<region>.amazonaws.com/<pool id>); locally the configured issuer. */
  readonly issuer: string;
  /** The console's app client id: an ID token's `aud`. */
  readonly audience: string;
}

/** The groups that may use the agent API (lib/constructs/agent-auth.ts creates them). */
const AGENT_GROUPS = ['agent', 'admin'];

/**
 * Verifies a Cognito ID token as the agent API's JWT authorizer does, plus what an authorizer leaves to
 * the API: signature (the issuer's keys), issuer, audience, expiry, `token_use: id`, and an agent group.
 */
export function makeAgentTokenVerifier(issuer: AgentTokenIssuer, keys: JWTVerifyGetKey, clockToleranceSeconds = 5) {
  return async (token: string): Promise<TokenCheck> => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: issuer.issuer,
        audience: issuer.audience,
        algorithms: ['RS256'],
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      if (payload.token_use !== 'id') return refused('not_an_id_token');
      const groups = payload['cognito:groups'];
      if (!Array.isArray(groups) || !groups.some((g) => AGENT_GROUPS.includes(g as string))) return refused('not_an_agent');
      return { ok: true, agent: { agentId: payload.sub!, expiresAt: payload.exp! } };
    } catch (e) {
      return refused(refusalOf(e));
    }
  };
}

/** The issuer's public keys, fetched once and cached by jose (refetched for an unknown key id). */
export const remoteKeys = (jwksUrl: string): JWTVerifyGetKey => createRemoteJWKSet(new URL(jwksUrl));

const refused = (refusal: TokenRefusal): TokenCheck => ({ ok: false, refusal });

function refusalOf(e: unknown): TokenRefusal {
  if (e instanceof errors.JWTExpired) return 'expired';
  if (e instanceof errors.JWTClaimValidationFailed) return e.claim === 'aud' ? 'wrong_audience' : e.claim === 'iss' ? 'wrong_issuer' : 'invalid';
  if (e instanceof errors.JWTInvalid || e instanceof errors.JWSInvalid) return 'malformed';
  return 'invalid';
}
