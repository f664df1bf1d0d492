import type { AuthConfig } from '../config';

/** The signed-in agent, from the ID token's claims. */
export interface Agent {
  readonly sub: string;
  readonly email: string;
  readonly admin: boolean;
}

/**
 * A signed-in agent and a way to get a fresh token. Tokens live in memory (and, for Cognito, in the
 * OIDC library's session storage): never in a URL, never logged.
 */
export interface AuthSession {
  readonly agent: Agent;
  /** A token valid for at least a minute, refreshed silently when it is not. */
  token(): Promise<string>;
  signOut(): Promise<void>;
}

/** The claims of a JWT, read without checking it (the API checks it). */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(
    part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '='),
  );
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

export function agentOf(token: string): Agent {
  const claims = claimsOf(token);
  const groups = (claims['cognito:groups'] as string[] | undefined) ?? [];
  return { sub: String(claims.sub), email: String(claims.email ?? claims.sub), admin: groups.includes('admin') };
}

export const expiresAt = (token: string): number => Number(claimsOf(token).exp ?? 0) * 1000;

/** Signs in as the configuration says; the OIDC library is loaded only where it is used. */
export async function startSession(auth: AuthConfig): Promise<AuthSession | undefined> {
  if (auth.kind === 'local') return (await import('./local')).startLocalSession(auth);
  return (await import('./oidc')).startOidcSession(auth);
}
