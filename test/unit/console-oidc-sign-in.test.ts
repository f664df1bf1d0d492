import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '#test/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, consoleContentSecurityPolicy } from '#definitions/console';

/**
 * The console's Cognito sign-in (console/src/auth/oidc.ts) in headless Chromium, against a small
 * OpenID provider started here that behaves like Cognito's managed login: discovery, an authorize
 * endpoint that signs the agent in at once, a token endpoint that checks the PKCE verifier and signs
 * tokens, and /logout. The console is served as CloudFront serves it: at the root, with its CSP.
 */
const projectRoot = resolve(import.meta.dirname, '../..');
const CLIENT_ID = 'console-client-id';
const AGENT = { sub: 'b1a2c3d4-agent', email: 'ayse@shop.example', groups: ['agent'] };

interface Provider {
  readonly url: string;
  readonly authorizeRequests: URLSearchParams[];
  readonly tokenRequests: URLSearchParams[];
  readonly logoutRequests: URLSearchParams[];
  /** Bearer tokens the console sent to the API (served by the provider too). */
  readonly apiTokens: string[];
  /** The ID tokens issued, in order. */
  readonly issued: string[];
}

let dir: string;
let provider: Provider;
let providerServer: Server;
let consoleServer: Server;
let consoleUrl: string;
let browser: Browser;

const listen = (server: Server) =>
  new Promise<string>((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));

const body = (req: IncomingMessage) =>
  new Promise<string>((done, fail) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => done(text));
    req.on('error', fail);
  });

async function startProvider(): Promise<{ server: Server; provider: Provider }> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const server = createServer();
  const url = await listen(server);
  const state: Provider = { url, authorizeRequests: [], tokenRequests: [], logoutRequests: [], apiTokens: [], issued: [] };
  // The first ID token expires within the console's minute of margin: it must renew with the refresh token before using it.
  const idToken = async (seconds: number) => {
    const token = await new SignJWT({ email: AGENT.email, 'cognito:groups': AGENT.groups, token_use: 'id', n: state.issued.length + 1 })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(url)
      .setSubject(AGENT.sub)
      .setAudience(CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
      .sign(privateKey);
    state.issued.push(token);
    return token;
  };
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE',
  };
  const json = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...cors });
    res.end(JSON.stringify(value));
  };
  server.on('request', (req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', url);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        return void res.end();
      }
      if (u.pathname === '/.well-known/openid-configuration') {
        return json(res, 200, {
          issuer: url,
          authorization_endpoint: `${url}/oauth2/authorize`,
          token_endpoint: `${url}/oauth2/token`,
          jwks_uri: `${url}/.well-known/jwks.json`,
          userinfo_endpoint: `${url}/oauth2/userInfo`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid', 'email', 'profile'],
          code_challenge_methods_supported: ['S256'],
        });
      }
      if (u.pathname === '/.well-known/jwks.json') return json(res, 200, { keys: [jwk] });
      if (u.pathname === '/oauth2/authorize') {
        state.authorizeRequests.push(u.searchParams);
        const code = randomUUID();
        const redirectUri = u.searchParams.get('redirect_uri')!;
        codes.set(code, { challenge: u.searchParams.get('code_challenge') ?? '', redirectUri });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', u.searchParams.get('state') ?? '');
        res.writeHead(302, { location: back.toString() });
        return void res.end();
      }
      if (u.pathname === '/oauth2/token' && req.method === 'POST') {
        const form = new URLSearchParams(await body(req));
        state.tokenRequests.push(form);
        if (form.get('client_id') !== CLIENT_ID) return json(res, 400, { error: 'invalid_client' });
        if (form.get('grant_type') === 'refresh_token') {
          if (form.get('refresh_token') !== 'refresh-1') return json(res, 400, { error: 'invalid_grant' });
          // Like Cognito: new ID and access tokens, no new refresh token.
          return json(res, 200, { id_token: await idToken(3600), access_token: 'access-2', expires_in: 3600, token_type: 'Bearer' });
        }
        const issued = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (!issued || issued.challenge !== challenge || issued.redirectUri !== form.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant' });
        return json(res, 200, { id_token: await idToken(30), access_token: 'access-1', refresh_token: 'refresh-1', expires_in: 3600, token_type: 'Bearer' });
      }
      if (u.pathname === '/logout') {
        state.logoutRequests.push(u.searchParams);
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('signed out');
      }
      if (u.pathname.startsWith('/api/')) {
        state.apiTokens.push((req.headers.authorization ?? '').replace(/^Bearer /, ''));
        return json(res, 404, { error: 'not here' });
      }
      res.writeHead(404);
      res.end();
    })().catch((e: Error) => json(res, 500, { error: e.message }));
  });
  return { server, provider: state };
}

/** The built console at the root, with config.json and the CSP CloudFront sends. */
async function startConsole(providerUrl: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
  const csp = consoleContentSecurityPolicy({ connect: [providerUrl], images: [] });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.slice(1) || 'index.html';
    const headers = { 'content-security-policy': csp, 'x-frame-options': 'DENY', 'cache-control': 'no-cache' };
    if (path === 'config.json') {
      res.writeHead(200, { ...headers, 'content-type': types['.json']! });
      const auth = { kind: 'oidc', authority: providerUrl, clientId: CLIENT_ID, domain: providerUrl };
      return void res.end(JSON.stringify({ apiUrl: `${providerUrl}/api`, auth }));
    }
    const file = normalize(join(dir, path));
    try {
      if (!file.startsWith(dir)) throw new Error('outside');
      const content = readFileSync(file);
      res.writeHead(200, { ...headers, 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(content);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return { server, url: `${await listen(server)}/` };
}

beforeAll(async () => {
  dir = await buildConsole(projectRoot, mkdtempSync(join(tmpdir(), 'destek-console-oidc-')));
  ({ server: providerServer, provider } = await startProvider());
  ({ server: consoleServer, url: consoleUrl } = await startConsole(provider.url));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  providerServer?.close();
  consoleServer?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openSignedIn(page: Page, hash: string): Promise<void> {
  await page.goto(`${consoleUrl}${hash}`);
  await page.getByText(AGENT.email).waitFor({ timeout: 15_000 });
}

describe("the console's sign-in with Cognito's managed login (authorization code + PKCE)", () => {
  it('sends the browser to the authorize endpoint with an S256 challenge, comes back to the page it was on without the code, and shows the agent', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && errors.push(m.text()));
    await openSignedIn(page, '#/dashboard');

    expect(provider.authorizeRequests).toHaveLength(1);
    const authorize = provider.authorizeRequests[0]!;
    expect(Object.fromEntries(authorize)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: consoleUrl,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
    });
    // The token endpoint checked the verifier against that challenge (a mismatch is refused: no sign-in).
    expect(provider.tokenRequests[0]!.get('grant_type')).toBe('authorization_code');
    const url = new URL(page.url());
    expect(url.search).toBe('');
    expect(url.hash).toBe('#/dashboard');
    expect(`${url.origin}${url.pathname}`).toBe(consoleUrl);
    expect(errors).toEqual([]);
    await context.close();
  }, 30_000);

  it('renews a token about to expire with the refresh token before the API gets it: the API only sees the fresh ID token', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const before = { tokens: provider.tokenRequests.length, api: provider.apiTokens.length };
    await openSignedIn(page, '#/');
    await expect.poll(() => provider.apiTokens.length, { timeout: 10_000 }).toBeGreaterThan(before.api);

    const grants = provider.tokenRequests.slice(before.tokens).map((f) => f.get('grant_type'));
    expect(grants[0]).toBe('authorization_code');
    expect(grants).toContain('refresh_token');
    const sent = new Set(provider.apiTokens.slice(before.api));
    const fresh = provider.issued.filter((t) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).exp * 1000 - Date.now() > 3_000_000);
    expect([...sent].every((t) => fresh.includes(t))).toBe(true);
    // The token never reaches the address or the page's storage outside the library's session entry.
    expect(page.url()).not.toMatch(/eyJ|code=/);
    await context.close();
  }, 30_000);

  it("signs out: forgets the tokens and goes to Cognito's logout endpoint with the client id and the console as logout_uri", async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await openSignedIn(page, '#/');
    const stored = () =>
      page.evaluate(() =>
        Object.keys((globalThis as unknown as { sessionStorage: Record<string, string> }).sessionStorage).filter((k) => k.startsWith('oidc.user:')),
      );
    expect(await stored()).toHaveLength(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/logout', { timeout: 10_000 });

    const logout = new URL(page.url());
    expect(`${logout.origin}${logout.pathname}`).toBe(`${provider.url}/logout`);
    expect(Object.fromEntries(logout.searchParams)).toEqual({ client_id: CLIENT_ID, logout_uri: consoleUrl });
    expect(provider.logoutRequests).toHaveLength(1);
    // Back on the console, nobody is signed in: it goes to the managed login again.
    const authorizes = provider.authorizeRequests.length;
    await page.goto(consoleUrl);
    await expect.poll(() => provider.authorizeRequests.length, { timeout: 10_000 }).toBe(authorizes + 1);
    await context.close();
  }, 30_000);
});
