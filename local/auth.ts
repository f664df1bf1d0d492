import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';

type Key = Awaited<ReturnType<typeof importJWK>>;

/**
 * Locally, agent tokens are signed here with the claims Cognito puts in an ID token (sub, email,
 * cognito:groups, token_use, iss, aud), and the gateway verifies them as API Gateway's JWT authorizer
 * does: signature, issuer, audience, expiry.
 */
export class LocalAgentAuth {
  private constructor(
    private readonly privateKey: Key,
    private readonly publicKey: Key,
    readonly issuer: string,
    readonly audience: string,
  ) {}

  /** With a data folder the key is kept there, so tokens survive a restart. */
  static async create(issuer: string, audience: string, dataDir?: string): Promise<LocalAgentAuth> {
    const file = dataDir ? join(dataDir, 'agent-signing-key.json') : undefined;
    if (file && existsSync(file)) {
      const { privateJwk, publicJwk } = JSON.parse(readFileSync(file, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
      return new LocalAgentAuth(await importJWK(privateJwk, 'RS256'), await importJWK(publicJwk, 'RS256'), issuer, audience);
    }
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    if (file) {
      mkdirSync(dataDir!, { recursive: true });
      writeFileSync(file, JSON.stringify({ privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) }), { mode: 0o600 });
    }
    return new LocalAgentAuth(privateKey, publicKey, issuer, audience);
  }

  sign(agent: { sub: string; email: string; groups: string[] }, expiresIn = '12h'): Promise<string> {
    return this.signWith(agent, { expiresIn });
  }

  /** Signs with this key but other claims; tests use it for tokens the gateway must refuse. */
  signWith(agent: { sub: string; email: string; groups: string[] }, over: { expiresIn?: string; audience?: string; issuer?: string }): Promise<string> {
    return new SignJWT({ email: agent.email, 'cognito:groups': agent.groups, token_use: 'id' })
      .setProtectedHeader({ alg: 'RS256', kid: 'local' })
      .setSubject(agent.sub)
      .setIssuer(over.issuer ?? this.issuer)
      .setAudience(over.audience ?? this.audience)
      .setIssuedAt()
      .setExpirationTime(over.expiresIn ?? '12h')
      .sign(this.privateKey);
  }

  /** The public key as the issuer publishes it (Cognito: <issuer>/.well-known/jwks.json); the agents' socket fetches it. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: [{ ...(await exportJWK(this.publicKey)), kid: 'local', alg: 'RS256', use: 'sig' }] };
  }

  /** The claims when the token is good, undefined otherwise (the gateway answers 401). */
  async verify(token: string): Promise<JWTPayload | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['RS256'],
      });
      return payload;
    } catch {
      return undefined;
    }
  }
}

/** Who the local console signs in as: an agent, or an admin (the admin pages, merge and erasure). */
export const LOCAL_AGENTS = {
  agent: { sub: 'local-agent', email: 'agent@destek.local', groups: ['agent'] },
  admin: { sub: 'local-admin', email: 'admin@destek.local', groups: ['agent', 'admin'] },
} as const satisfies Record<string, { sub: string; email: string; groups: string[] }>;

/**
 * The event Cognito's post-authentication trigger receives, for a local sign-in: the local stack
 * invokes the sign-in function with it, so a local sign-in leaves the same audit record as one
 * through the user pool.
 */
export function postAuthenticationEvent(agent: { sub: string; email: string }, userPoolId = 'local') {
  return {
    version: '1',
    triggerSource: 'PostAuthentication_Authentication',
    region: 'us-east-1',
    userPoolId,
    userName: agent.sub,
    callerContext: { awsSdkVersion: 'local', clientId: 'local' },
    request: { userAttributes: { sub: agent.sub, email: agent.email, email_verified: 'true' }, newDeviceUsed: false },
    response: {},
  };
}
