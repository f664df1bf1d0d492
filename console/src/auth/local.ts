import { agentOf, expiresAt, type AuthSession } from './session';

/**
 * The local stack's sign-in: the page asks the local web server (127.0.0.1 only) for a token of the
 * local agent, or of the admin when opened with `?as=admin`. The choice is kept for the tab.
 */
export async function startLocalSession(auth: { readonly tokenUrl: string }): Promise<AuthSession> {
  const asked = new URLSearchParams(location.search).get('as');
  const role = asked === 'admin' || asked === 'agent' ? asked : (sessionStorage.getItem('destek.as') ?? 'agent');
  sessionStorage.setItem('destek.as', role);
  const fetchToken = async () => {
    const res = await fetch(auth.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: role }) });
    if (!res.ok) throw new Error(`local sign-in: HTTP ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  };
  let token = await fetchToken();
  return {
    agent: agentOf(token),
    async token() {
      if (expiresAt(token) - Date.now() < 60_000) token = await fetchToken();
      return token;
    },
    async signOut() {
      sessionStorage.removeItem('destek.as');
      location.replace(location.pathname);
    },
  };
}
