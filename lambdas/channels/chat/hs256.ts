import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HS256 JSON Web Tokens with node:crypto: the chat's visitor tokens and the shops' customer references
 * are nothing else, and jose (its whole JOSE suite) cost the chat functions' cold starts more than
 * this does. Checks as jose's jwtVerify does for these options (a test holds both to the same answers):
 * the header's alg, the signature in constant time, then the claims.
 */

export type JwtPayload = Record<string, unknown> & { iss?: string; sub?: string; aud?: string | string[]; iat?: number; exp?: number; nbf?: number };

export interface VerifyOptions {
  readonly issuer?: string;
  readonly audience: string;
  readonly currentDate: Date;
  /** Seconds of clock skew forgiven on exp, nbf and iat. */
  readonly clockTolerance?: number;
  /** Seconds since iat after which the token counts as expired. */
  readonly maxTokenAgeSeconds?: number;
  readonly requiredClaims?: readonly string[];
}

/** Why a token was refused: expired (exp, or iat older than the maximum age), or not valid at all. */
export class JwtRefusedError extends Error {
  override name = 'JwtRefusedError';
  constructor(
    readonly reason: 'expired' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const mac = (secret: string, signingInput: string) => createHmac('sha256', secret).update(signingInput).digest();

export function signHs256(secret: string, payload: JwtPayload): string {
  const signingInput = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${signingInput}.${b64url(mac(secret, signingInput))}`;
}

const invalid = (message: string) => new JwtRefusedError('invalid', message);

function decodeJson(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw invalid(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${what} is not an object`);
  return value as Record<string, unknown>;
}

export function verifyHs256(secret: string, token: string, o: VerifyOptions): JwtPayload {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[\w-]*$/.test(p))) throw invalid('not a compact JWS');
  const [header, payload, signature] = parts as [string, string, string];
  const h = decodeJson(header, 'header');
  if (h.alg !== 'HS256') throw invalid('alg is not HS256');
  if (h.crit !== undefined || h.b64 !== undefined) throw invalid('unsupported header parameters');
  const expected = mac(secret, `${header}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('signature verification failed');
  const claims = decodeJson(payload, 'payload') as JwtPayload;
  checkClaims(claims, o);
  return claims;
}

function checkClaims(p: JwtPayload, o: VerifyOptions): void {
  const now = Math.floor(o.currentDate.getTime() / 1000);
  const tolerance = o.clockTolerance ?? 0;
  for (const claim of o.requiredClaims ?? []) if (!(claim in p)) throw invalid(`missing ${claim}`);
  if (o.issuer !== undefined && p.iss !== o.issuer) throw invalid('unexpected iss');
  const audiences = typeof p.aud === 'string' ? [p.aud] : Array.isArray(p.aud) ? p.aud : [];
  if (!audiences.includes(o.audience)) throw invalid('unexpected aud');
  for (const claim of ['iat', 'exp', 'nbf'] as const) if (p[claim] !== undefined && typeof p[claim] !== 'number') throw invalid(`${claim} is not a number`);
  if (p.nbf !== undefined && p.nbf > now + tolerance) throw invalid('not yet valid');
  if (p.exp !== undefined && p.exp <= now - tolerance) throw new JwtRefusedError('expired', 'exp is past');
  if (o.maxTokenAgeSeconds !== undefined) {
    if (p.iat === undefined) throw invalid('missing iat');
    const age = now - p.iat;
    if (age - tolerance > o.maxTokenAgeSeconds) throw new JwtRefusedError('expired', 'iat is too far in the past');
    if (age < 0 - tolerance) throw invalid('iat is in the future');
  }
}
