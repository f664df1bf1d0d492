import type { AuthSession } from './session';

/** Cognito's managed login (authorization code + PKCE): see the hosting change that adds it. */
export async function startOidcSession(_auth: { readonly authority: string; readonly clientId: string; readonly domain: string }): Promise<AuthSession> {
  throw new Error('Cognito sign-in is not configured in this build');
}
