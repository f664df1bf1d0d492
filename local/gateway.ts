import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { JWTPayload } from 'jose';
import type { FunctionName } from '#definitions/functions';
import { apiCors, routeKey, type RouteDefinition } from '#definitions/routes';
import type { LocalAgentAuth } from './auth';
import type { LocalFunction } from './functions';

/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  readonly def: RouteDefinition;
  readonly pattern: RegExp;
  readonly params: string[];
}

function compile(def: RouteDefinition): CompiledRoute {
  const params: string[] = [];
  // {name+} is API Gateway's greedy parameter: the rest of the path.
  const pattern = def.path.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    params.push(name);
    return greedy ? '(.+)' : '([^/]+)';
  });
  return { def, pattern: new RegExp(`^${pattern}$`), params };
}

/** API Gateway hands JWT claims to Lambda as strings; arrays become "[a b]". */
function claimsAsApiGateway(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) out[k] = Array.isArray(v) ? `[${v.join(' ')}]` : String(v);
  return out;
}

const textual = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript))/i;

/**
 * The HTTP API, locally: serves the shared route definitions, authorises agent routes like the JWT
 * authorizer, builds API Gateway v2 (payload 2.0) events and maps the function's result back.
 */
export class LocalGateway {
  private server?: Server;
  private readonly routes: CompiledRoute[];

  constructor(
    routes: readonly RouteDefinition[],
    private readonly functions: Record<FunctionName, LocalFunction>,
    private readonly auth: LocalAgentAuth,
    private readonly log: (line: string) => void,
    /** The HTTP API's CORS configuration (config chat.allowedOrigins), as API Gateway applies it. */
    private readonly cors?: CorsSettings,
  ) {
    // As API Gateway chooses: a route of the path itself before a greedy one ({proxy+}) that covers it.
    const greedy = (r: RouteDefinition) => r.path.endsWith('+}');
    this.routes = [...routes.filter((r) => !greedy(r)), ...routes.filter(greedy)].map(compile);
  }

  listen(port: number): Promise<number> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: Error) => {
        this.log(`gateway: ${e.message}`);
        if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      });
    });
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve((this.server!.address() as { port: number }).port));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private corsHeaders(origin: string | undefined): Record<string, string> | undefined {
    if (!this.cors || !origin) return undefined;
    const any = this.cors.allowOrigins.includes('*');
    if (!any && !this.cors.allowOrigins.includes(origin)) return undefined;
    return { 'access-control-allow-origin': any ? '*' : origin, vary: 'origin' };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    // API Gateway refuses a path it cannot percent-decode before any route or function sees it.
    if (!decodable(url.pathname)) return send(res, 400, { message: 'Bad Request: the path has a malformed percent-encoding' });
    const corsHeaders = this.corsHeaders(req.headers.origin);
    if (corsHeaders) for (const [k, v] of Object.entries(corsHeaders)) res.setHeader(k, v);
    if (method === 'OPTIONS' && this.cors && this.routes.some((r) => r.pattern.test(url.pathname))) {
      // API Gateway answers preflights itself; a disallowed origin gets no CORS headers.
      res.writeHead(
        204,
        corsHeaders
          ? {
              'access-control-allow-methods': apiCors.allowMethods.join(','),
              'access-control-allow-headers': apiCors.allowHeaders.join(','),
              'access-control-max-age': String(apiCors.maxAgeSeconds),
            }
          : {},
      );
      return void res.end();
    }
    let match: { route: CompiledRoute; values: string[] } | undefined;
    for (const route of this.routes) {
      if (route.def.method !== method && route.def.method !== 'ANY') continue;
      const m = route.pattern.exec(url.pathname);
      if (m) {
        match = { route, values: m.slice(1) };
        break;
      }
    }
    if (!match) return send(res, 404, { message: 'Not Found' });

    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) return send(res, 413, { message: 'Request Entity Too Large' });
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);

    let claims: Record<string, string> | undefined;
    if (match.route.def.auth === 'agent') {
      const header = req.headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
      const payload = token ? await this.auth.verify(token) : undefined;
      if (!payload) return send(res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
      claims = claimsAsApiGateway(payload);
    }

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const isText = textual.test(headers['content-type'] ?? 'text/plain');
    const now = Date.now();
    const key = routeKey(match.route.def);
    const event = {
      version: '2.0',
      routeKey: key,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/) } : {}),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(match.route.params.length
        ? { pathParameters: Object.fromEntries(match.route.params.map((p, i) => [p, decodeURIComponent(match!.values[i]!)])) }
        : {}),
      requestContext: {
        accountId: '123456789012',
        apiId: 'local',
        ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: key,
        stage: '$default',
        time: new Date(now).toUTCString(),
        timeEpoch: now,
      },
      ...(raw.length ? { body: isText ? raw.toString('utf8') : raw.toString('base64'), isBase64Encoded: !isText } : { isBase64Encoded: false }),
    };

    let result: APIGatewayProxyResultV2;
    try {
      result = await this.functions[match.route.def.function].invoke<APIGatewayProxyResultV2>(event);
    } catch (e) {
      this.log(`gateway: ${key}: ${(e as Error).message}`);
      return send(res, 500, { message: 'Internal Server Error' });
    }
    writeResult(res, result);
  }
}

export interface CorsSettings {
  readonly allowOrigins: readonly string[];
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Payload 2.0 response rules: a structured result, or anything else as a 200 JSON body. */
function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  res.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
