/**
 * What the console needs to know about where it runs: written beside it as config.json by the stack
 * (CloudFront) or by `npm start` (the local web server). The page itself holds no address.
 */
export type AuthConfig =
  /** Cognito's managed login: authorization code with PKCE. */
  | { readonly kind: 'oidc'; readonly authority: string; readonly clientId: string; readonly domain: string; readonly scope?: string }
  /** The local stack's token endpoint (`npm start` only): one click signs in as the local agent or admin. */
  | { readonly kind: 'local'; readonly tokenUrl: string };

export interface ConsoleConfig {
  /** The agent API's base URL, without a trailing slash. */
  readonly apiUrl: string;
  /** The agents' live WebSocket; without it the console polls. */
  readonly liveUrl?: string;
  readonly auth: AuthConfig;
  readonly shopName?: string;
  /** The help center's address (shop.helpUrl; locally /help/ beside the console): the admins' links to an article. */
  readonly helpUrl?: string;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('./config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const config = (await res.json()) as ConsoleConfig;
  return { ...config, apiUrl: config.apiUrl.replace(/\/+$/, '') };
}
