import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { signCustomerRef } from '#channels/chat/visitor-token';
import { demoShopPage } from './demo-shop';

export interface WebServerOptions {
  readonly widgetFile: string;
  /** The HTTP API the widget talks to (its data-destek-url). */
  readonly apiUrl: string;
  /** The shop's customer-reference secret: the demo page signs its "logged-in" customer like a shop. */
  readonly shopSecret: string;
}

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
      if (url.pathname === '/' || url.pathname === '/index.html') {
        const login = url.searchParams.get('login') ?? undefined;
        const customerRef = login ? await signCustomerRef(opts.shopSecret, login) : undefined;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...security });
        return res.end(
          demoShopPage({
            apiUrl: opts.apiUrl,
            widgetUrl: '/widget.js',
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
