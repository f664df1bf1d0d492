import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { WebSocket, WebSocketServer } from 'ws';
import type { FunctionName } from '#definitions/functions';
import { selectRoute, type WebSocketRouteDefinition } from '#definitions/websocket-routes';
import type { LocalFunction } from './functions';
import { sigV4Refusal, type SigV4Settings } from './sigv4';

/** API Gateway's WebSocket message limit (128 KB; frames above it close the connection). */
const MAX_MESSAGE_BYTES = 128 * 1024;
export const LOCAL_WEBSOCKET_STAGE = 'local';

interface Live {
  readonly socket: WebSocket;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  lastActiveAt: number;
  /** Frames of one connection reach the function in the order they came. */
  queue: Promise<void>;
}

/**
 * The WebSocket API, locally: the shared WebSocket routes over `ws`, with the same events API Gateway
 * builds ($connect with headers and query string, MESSAGE with the body, $disconnect), a refused
 * $connect refusing the handshake with its status, route responses sent back on the connection, and
 * the @connections management endpoint (POST/GET/DELETE /<stage>/@connections/{id}, 410 when gone)
 * that the sender's SDK client reaches through CHAT_CALLBACK_URL. @connections checks the SigV4
 * signature (execute-api, the local key pair) as AWS does: an unsigned or badly signed call is a 403.
 */
export class LocalWebSocketGateway {
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly live = new Map<string, Live>();
  private port = 0;

  constructor(
    private readonly routes: readonly WebSocketRouteDefinition[],
    private readonly functions: Record<FunctionName, LocalFunction>,
    private readonly log: (line: string) => void,
    /** Who may call @connections: requests signed (SigV4, execute-api) with the local key pair, as in AWS. */
    private readonly signing: SigV4Settings,
  ) {
    this.server = createServer((req, res) => {
      this.manage(req, res).catch((e: Error) => {
        this.log(`websocket gateway: ${e.message}`);
        if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      this.connect(req, socket, head).catch((e: Error) => {
        this.log(`websocket gateway: $connect: ${e.message}`);
        refuse(socket, 500);
      });
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as { port: number }).port;
        resolve(this.port);
      });
    });
  }

  /** The wss:// URL in AWS; ws:// here. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The @connections callback URL, as the stage's callbackUrl is in AWS. */
  get callbackUrl(): string {
    return `http://127.0.0.1:${this.port}/${LOCAL_WEBSOCKET_STAGE}`;
  }

  /** Live connection ids (tests). */
  connections(): string[] {
    return [...this.live.keys()];
  }

  async close(): Promise<void> {
    for (const { socket } of this.live.values()) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private route(routeKey: string): WebSocketRouteDefinition | undefined {
    return this.routes.find((r) => r.routeKey === routeKey);
  }

  private context(routeKey: string, eventType: string, connectionId: string, live: Pick<Live, 'connectedAt' | 'sourceIp' | 'userAgent'>, host: string) {
    const now = Date.now();
    return {
      routeKey,
      eventType,
      extendedRequestId: randomUUID(),
      requestTime: new Date(now).toUTCString(),
      messageDirection: 'IN',
      stage: LOCAL_WEBSOCKET_STAGE,
      connectedAt: live.connectedAt,
      requestTimeEpoch: now,
      identity: { sourceIp: live.sourceIp, userAgent: live.userAgent },
      requestId: randomUUID(),
      domainName: host,
      connectionId,
      apiId: 'local',
    };
  }

  private async connect(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const route = this.route('$connect');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const connectionId = randomBytes(12).toString('base64').replace(/[+/]/g, '-');
    const meta = { connectedAt: Date.now(), sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' };
    const headers: Record<string, string> = {};
    const multiValueHeaders: Record<string, string[]> = {};
    // API Gateway passes WebSocket headers with the casing the client sent; Node lower-cases them.
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const [k, v] = [req.rawHeaders[i]!, req.rawHeaders[i + 1]!];
      headers[k] = headers[k] ? `${headers[k]},${v}` : v;
      (multiValueHeaders[k] ??= []).push(v);
    }
    const query: Record<string, string> = {};
    const multiQuery: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) {
      query[k] = v;
      (multiQuery[k] ??= []).push(v);
    }
    if (route) {
      const event = {
        headers,
        multiValueHeaders,
        ...(Object.keys(query).length ? { queryStringParameters: query, multiValueQueryStringParameters: multiQuery } : {}),
        requestContext: this.context('$connect', 'CONNECT', connectionId, meta, req.headers.host ?? 'localhost'),
        isBase64Encoded: false,
      };
      const result = await this.invoke(route, event);
      const status = result?.statusCode ?? 200;
      if (status < 200 || status > 299) return refuse(socket, status);
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const live: Live = { socket: ws, ...meta, lastActiveAt: Date.now(), queue: Promise.resolve() };
      this.live.set(connectionId, live);
      const host = req.headers.host ?? 'localhost';
      ws.on('message', (data, isBinary) => {
        live.lastActiveAt = Date.now();
        const body = isBinary ? Buffer.from(data as Buffer).toString('base64') : data.toString();
        live.queue = live.queue
          .then(() => this.message(connectionId, live, host, body, isBinary))
          .catch((e: Error) => this.log(`websocket gateway: ${e.message}`));
      });
      // Oversized or broken frames close the connection (1009 and friends), as API Gateway does.
      ws.on('error', (e) => this.log(`websocket gateway: ${connectionId}: ${e.message}`));
      ws.on('close', (code, reason) => {
        this.live.delete(connectionId);
        const disconnect = this.route('$disconnect');
        if (!disconnect) return;
        const event = {
          headers: { Host: host },
          requestContext: {
            ...this.context('$disconnect', 'DISCONNECT', connectionId, live, host),
            disconnectStatusCode: code,
            disconnectReason: reason.toString(),
          },
          isBase64Encoded: false,
        };
        live.queue = live.queue
          .then(() => this.invoke(disconnect, event))
          .then(
            () => undefined,
            (e: Error) => this.log(`websocket gateway: $disconnect: ${e.message}`),
          );
      });
    });
  }

  private async message(connectionId: string, live: Live, host: string, body: string, isBinary: boolean): Promise<void> {
    const routeKey = isBinary ? '$default' : selectRoute(body, this.routes);
    const route = this.route(routeKey);
    if (!route) return;
    const event = {
      requestContext: { ...this.context(routeKey, 'MESSAGE', connectionId, live, host), messageId: randomBytes(8).toString('base64') },
      body,
      isBase64Encoded: isBinary,
    };
    const result = await this.invoke(route, event);
    if (route.respond && result?.body && live.socket.readyState === WebSocket.OPEN) live.socket.send(result.body);
  }

  private async invoke(route: WebSocketRouteDefinition, event: unknown): Promise<APIGatewayProxyResult | undefined> {
    try {
      return await this.functions[route.function].invoke<APIGatewayProxyResult | undefined>(event);
    } catch (e) {
      this.log(`websocket gateway: ${route.routeKey}: ${(e as Error).message}`);
      // API Gateway answers a failed integration with an internal-error frame.
      return { statusCode: 500, body: JSON.stringify({ message: 'Internal server error' }) };
    }
  }

  /** The @connections API: POST sends data, GET describes, DELETE closes; 410 for a gone connection. */
  private async manage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^(?:\/[^/]+)?\/@connections\/([^/]+)$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, { message: 'Not Found' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    // As in AWS: only a caller with the account's credentials may push to, read or close a connection.
    const refusal = await sigV4Refusal(req, Buffer.concat(chunks), this.signing);
    if (refusal) {
      const type = refusal === 'Missing Authentication Token' ? 'MissingAuthenticationTokenException' : 'InvalidSignatureException';
      return sendJson(res, 403, { message: refusal }, { 'x-amzn-errortype': type });
    }
    let id: string;
    try {
      id = decodeURIComponent(m[1]!);
    } catch {
      return sendJson(res, 400, { message: 'Bad Request: the connection id has a malformed percent-encoding' });
    }
    const live = this.live.get(id);
    if (!live || live.socket.readyState !== WebSocket.OPEN) {
      return sendJson(res, 410, { message: `connection ${id} is gone` }, { 'x-amzn-errortype': 'GoneException' });
    }
    const data = Buffer.concat(chunks);
    switch (req.method) {
      case 'POST':
        if (data.length > MAX_MESSAGE_BYTES) return sendJson(res, 413, { message: 'Payload Too Large' }, { 'x-amzn-errortype': 'PayloadTooLargeException' });
        await new Promise<void>((resolve, reject) => live.socket.send(data.toString('utf8'), (e) => (e ? reject(e) : resolve())));
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end();
      case 'GET':
        return sendJson(res, 200, {
          ConnectedAt: new Date(live.connectedAt).toISOString(),
          LastActiveAt: new Date(live.lastActiveAt).toISOString(),
          Identity: { SourceIp: live.sourceIp, UserAgent: live.userAgent },
        });
      case 'DELETE':
        live.socket.close(1000, 'closed by the API');
        res.writeHead(204);
        return void res.end();
      default:
        return sendJson(res, 405, { message: 'Method Not Allowed' });
    }
  }
}

function refuse(socket: Duplex, status: number): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 429: 'Too Many Requests' }[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
