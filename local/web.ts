import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { signCustomerRef } from '#channels/chat/visitor-token';
import { EVENTS_PATH } from '#helpcenter/render';
import { HELP_EVENTS_ROUTE } from '#definitions/routes';
import { demoShopPage } from './demo-shop';

export interface WebServerOptions {
  readonly widgetFile: string;
  /** The HTTP API the widget talks to (its data-destek-url). */
  readonly apiUrl: string;
  /** The shop's customer-reference secret: the demo page signs its "logged-in" customer like a shop. */
  readonly shopSecret: string;
  /** The agent console, built, and what it is told and allowed (config.json, Content-Security-Policy). */
  readonly console?: {
    readonly dir: string;
    readonly config: Record<string, unknown>;
    readonly csp: string;
    /** Signs a token of the local agent or admin: the console's one-click sign-in, on 127.0.0.1 only. */
    readonly signIn: (as: 'agent' | 'admin') => Promise<string>;
  };
  /**
   * The help center (lambdas/definitions/help-center.ts), served under /help/ with its
   * Content-Security-Policy: from a built directory, or read from its bucket as CloudFront does (the
   * local stack: the publisher writes there).
   */
  readonly helpCenter?: { readonly csp: string } & ({ readonly dir: string } | { readonly read: (path: string) => Promise<Buffer | undefined> });
  /** The local agent issuer's public keys, served at AGENT_JWKS_PATH (Cognito publishes the pool's the same way). */
  readonly agentKeys?: () => Promise<unknown>;
}

/** Where the local issuer's keys are (the agents' socket verifies tokens with them). */
export const AGENT_JWKS_PATH = '/agents/.well-known/jwks.json';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * What CloudFront serves in AWS, locally: widget.js (with the same security headers), plus a demo shop
 * page to try the chat on. `/?login=<e-mail>` plays a shop whose customer is logged in: the page gets
 * a signed customer reference, so the chat joins that customer's history and may see order details.
 */
export async function startWebServer(port: number, opts: WebServerOptions): Promise<{ server: Server; url: string }> {
  const widget = readFileSync(opts.widgetFile);
  const widgetGz = gzipSync(widget);
  const security = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'SAMEORIGIN',
  };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/widget.js') {
        const gz = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
        res.writeHead(200, {
          'content-type': 'text/javascript; charset=utf-8',
          'cache-control': 'public, max-age=300',
          'access-control-allow-origin': '*',
          ...(gz ? { 'content-encoding': 'gzip' } : {}),
          ...security,
        });
        return res.end(gz ? widgetGz : widget);
      }
      if (opts.agentKeys && url.pathname === AGENT_JWKS_PATH) {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300', ...security });
        return res.end(JSON.stringify(await opts.agentKeys()));
      }
      if (opts.helpCenter && url.pathname === `/help/${EVENTS_PATH}`) return forwardHelpEvent(opts.apiUrl, req, res);
      if (opts.helpCenter && (url.pathname === '/help' || url.pathname.startsWith('/help/')))
        return await serveHelpCenter(opts.helpCenter, url, req, res, security);
      if (opts.console && (url.pathname === '/console' || url.pathname.startsWith('/console/'))) return serveConsole(opts.console, url, req, res, security);
      if (url.pathname === '/' || url.pathname === '/index.html') {
        const login = url.searchParams.get('login') ?? undefined;
        const customerRef = login ? await signCustomerRef(opts.shopSecret, login) : undefined;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...security });
        return res.end(
          demoShopPage({
            apiUrl: opts.apiUrl,
            widgetUrl: '/widget.js',
            // The help center of this server, as the page reached it.
            ...(opts.helpCenter ? { helpUrl: `http://${req.headers.host}/help/` } : {}),
            ...(customerRef ? { customerRef, login } : {}),
            locale: url.searchParams.get('lang') ?? undefined,
          }),
        );
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
    })().catch((e: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(e.message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

type ConsoleOptions = NonNullable<WebServerOptions['console']>;

/** The console as CloudFront serves it (files, headers), plus config.json and the local sign-in. */
async function serveConsole(c: ConsoleOptions, url: URL, req: IncomingMessage, res: ServerResponse, security: Record<string, string>): Promise<void> {
  const headers = { ...security, 'x-frame-options': 'DENY', 'content-security-policy': c.csp, 'cache-control': 'no-cache' };
  if (url.pathname === '/console') {
    res.writeHead(301, { location: `/console/${url.search}` });
    return void res.end();
  }
  const path = url.pathname.slice('/console/'.length) || 'index.html';
  if (path === 'config.json') {
    res.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES['.json']! });
    return void res.end(JSON.stringify(c.config));
  }
  if (path === 'local-sign-in' && req.method === 'POST') {
    const body = JSON.parse((await readBody(req)) || '{}') as { as?: string };
    const token = await c.signIn(body.as === 'admin' ? 'admin' : 'agent');
    res.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES['.json']!, 'cache-control': 'no-store' });
    return void res.end(JSON.stringify({ token }));
  }
  const file = normalize(join(c.dir, path));
  const type = CONTENT_TYPES[extname(file)];
  if (!file.startsWith(c.dir) || !type) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return void res.end('Not Found');
  }
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return void res.end('Not Found');
  }
  const gz = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  res.writeHead(200, { ...headers, 'content-type': type, ...(gz ? { 'content-encoding': 'gzip' } : {}) });
  res.end(gz ? gzipSync(body) : body);
}

/**
 * The help center as CloudFront serves it: clean URLs (/help/tr/kargo-takibi/ is that folder's
 * index.html; without its slash, a redirect to it), the site's 404 page, gzip when asked for.
 */
async function serveHelpCenter(
  h: NonNullable<WebServerOptions['helpCenter']>,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  security: Record<string, string>,
): Promise<void> {
  // Public files: the chat widget on a shop's pages fetches the suggestion index across origins (CloudFront sends the same header).
  const headers = { ...security, 'x-frame-options': 'DENY', 'content-security-policy': h.csp, 'cache-control': 'no-cache', 'access-control-allow-origin': '*' };
  const path = url.pathname.slice('/help/'.length);
  if (url.pathname === '/help' || (path && !path.endsWith('/') && !extname(path))) {
    res.writeHead(301, { location: `${url.pathname}/${url.search}` });
    return void res.end();
  }
  const key = normalize(path.endsWith('/') || !path ? `${path}index.html` : path);
  const read = async (file: string): Promise<Buffer | undefined> => {
    if ('read' in h) return h.read(file);
    try {
      return readFileSync(join(h.dir, file));
    } catch {
      return undefined;
    }
  };
  const send = (status: number, body: Buffer, type: string) => {
    const gz = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    res.writeHead(status, { ...headers, 'content-type': type, ...(gz ? { 'content-encoding': 'gzip' } : {}) });
    res.end(gz ? gzipSync(body) : body);
  };
  const type = CONTENT_TYPES[extname(key)];
  const body = !key.startsWith('..') && type ? await read(key) : undefined;
  if (body && type) return send(200, body, type);
  // Not there: the site's own 404 page.
  send(404, (await read('404.html')) ?? Buffer.from('Not Found'), CONTENT_TYPES['.html']!);
}

/**
 * The site's events path, as CloudFront forwards it to the API in AWS: the same form to
 * POST /help-center/events, and the API's answer back (204, or the redirect to the article's thanks).
 */
async function forwardHelpEvent(apiUrl: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' });
    return void res.end('Method Not Allowed');
  }
  const answer = await fetch(`${apiUrl.replace(/\/+$/, '')}${HELP_EVENTS_ROUTE.path}`, {
    method: 'POST',
    headers: { 'content-type': req.headers['content-type'] ?? '' },
    body: await readBody(req),
    redirect: 'manual',
  }).catch(() => undefined);
  if (!answer) {
    // As CloudFront answers when its origin is down.
    res.writeHead(502, { 'content-type': 'text/plain' });
    return void res.end('Bad Gateway');
  }
  const location = answer.headers.get('location');
  res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain', ...(location ? { location } : {}) });
  res.end(await answer.text());
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
