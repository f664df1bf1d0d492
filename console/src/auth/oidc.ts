import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { agentOf, expiresAt, type AuthSession } from './session';

/** Scopes asked when config.json names none: the ID token then carries the agent's e-mail. */
const DEFAULT_SCOPE = 'openid email profile';
/** A token that expires sooner than this is refreshed before it is used. */
const MIN_VALIDITY_MS = 60_000;

/**
 * Cognito's managed login: authorization code with PKCE (S256, the library's default), through
 * oidc-client-ts. The page is its own redirect URI: coming back with `?code=`, it completes the sign-in
 * and removes code and state from the address; otherwise, without a user, it goes to the sign-in page
 * and resolves to undefined. Tokens stay in this tab's session storage; the refresh token renews them
 * silently before they expire. The API's JWT authorizer checks the ID token's audience (the client id):
 * that is the token the API gets.
 */
export async function startOidcSession(auth: {
  readonly authority: string;
  readonly clientId: string;
  readonly domain: string;
  readonly scope?: string;
}): Promise<AuthSession | undefined> {
  const here = `${location.origin}${location.pathname}`;
  const manager = new UserManager({
    authority: auth.authority,
    client_id: auth.clientId,
    redirect_uri: here,
    response_type: 'code',
    scope: auth.scope ?? DEFAULT_SCOPE,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: true,
    // The ID token already holds the claims the console shows; no user-info round trip.
    loadUserInfo: false,
  });

  let user = await completeSignIn(manager, here);
  if (!user || (user.expired && !user.refresh_token)) {
    // The hash (`#/tickets/…`) is the page the agent opened: it comes back with the sign-in.
    await manager.signinRedirect({ state: location.hash });
    return undefined;
  }
  let idToken = user.id_token;
  if (!idToken || expiresAt(idToken) - Date.now() < MIN_VALIDITY_MS) idToken = (await renew(manager))?.id_token;
  if (!idToken) {
    await manager.signinRedirect({ state: location.hash });
    return undefined;
  }
  manager.events.addUserLoaded((renewed) => {
    user = renewed;
  });

  // Requests made together while the token is old share one renewal (one refresh-token request).
  let renewing: Promise<User | null | undefined> | undefined;
  return {
    agent: agentOf(idToken),
    async token() {
      let token = user?.id_token;
      if (!token || expiresAt(token) - Date.now() < MIN_VALIDITY_MS) {
        renewing ??= renew(manager).finally(() => {
          renewing = undefined;
        });
        const renewed = await renewing;
        if (!renewed?.id_token) {
          // The session is over (refresh token expired or revoked): sign in again.
          await manager.signinRedirect({ state: location.hash });
          throw new Error('signed out: the session has expired');
        }
        user = renewed;
        token = renewed.id_token;
      }
      return token;
    },
    async signOut() {
      // Cognito's discovery document names no end_session_endpoint: its logout endpoint ends the managed-login session.
      manager.stopSilentRenew();
      await manager.removeUser();
      const logout = new URL('/logout', signInBase(auth.domain));
      logout.searchParams.set('client_id', auth.clientId);
      logout.searchParams.set('logout_uri', here);
      location.assign(logout.toString());
    },
  };
}

/** After the managed login: exchanges the code (with the PKCE verifier) and cleans the address. Otherwise the stored user. */
async function completeSignIn(manager: UserManager, here: string): Promise<User | null> {
  const params = new URLSearchParams(location.search);
  if (!(params.has('state') && (params.has('code') || params.has('error')))) return manager.getUser();
  try {
    const user = await manager.signinRedirectCallback(location.href);
    const hash = typeof user.state === 'string' && user.state.startsWith('#') ? user.state : '';
    history.replaceState(null, '', `${here}${hash}`);
    return user;
  } catch (e) {
    // The code is used once: never leave it in the address, even when the exchange failed.
    history.replaceState(null, '', here);
    throw e;
  }
}

/** New tokens with the refresh token; undefined when the session cannot be renewed. */
async function renew(manager: UserManager): Promise<User | null | undefined> {
  // Without a refresh token the library would try a hidden frame, which the CSP and Cognito both refuse.
  if (!(await manager.getUser())?.refresh_token) return undefined;
  try {
    return await manager.signinSilent();
  } catch {
    return undefined;
  }
}

/** The managed-login domain as config.json gives it: a host name or an https:// address. */
function signInBase(domain: string): string {
  return /^https?:\/\//.test(domain) ? domain : `https://${domain}`;
}
