import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sigV4Refusal, type SigV4Settings } from './sigv4';

/** An error as the AWS JSON protocol answers it: `{ __type, message }` with an HTTP status. */
export class AwsJsonError extends Error {
  override name = 'AwsJsonError';
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** One action's work: the request document in, the response document out (or an AwsJsonError thrown). */
export type JsonAction = (input: Record<string, unknown>) => unknown;

export interface JsonProtocolService {
  readonly signing: SigV4Settings;
  /** The X-Amz-Target of each action served (e.g. `secretsmanager.GetSecretValue`). */
  readonly actions: Readonly<Record<string, JsonAction>>;
  /** Unsigned local-only GET paths beside the API (e.g. the event bus's /_local/events). */
  readonly localGets?: Readonly<Record<string, (url: URL, res: ServerResponse) => Promise<void>>>;
}

/**
 * A local stand-in for an AWS service that speaks the JSON protocol (x-amz-json-1.1): signed POSTs,
 * the action in X-Amz-Target, a JSON body. Reading the request, checking the signature and answering
 * errors as the SDK expects them live here; each stand-in only says what its actions do.
 */
export class JsonProtocolServer {
  private server?: Server;
  url = '';

  constructor(private readonly service: JsonProtocolService) {}

  async listen(port: number): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const local = req.method === 'GET' ? this.service.localGets?.[url.pathname] : undefined;
    if (local) return local(url, res);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    try {
      const refused = await sigV4Refusal(req, body, this.service.signing);
      if (refused) throw new AwsJsonError('UnrecognizedClientException', refused, 403);
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = this.service.actions[target];
      if (!action) throw new AwsJsonError('UnknownOperationException', `${target || 'this action'} is not supported locally`);
      answer(res, 200, await action(parseObject(body)));
    } catch (e) {
      // A defect in a stand-in answers 500 as AWS would, rather than ending the whole local stack.
      const err = e instanceof AwsJsonError ? e : new AwsJsonError('InternalFailure', (e as Error).message, 500);
      answer(res, err.status, { __type: err.type, message: err.message });
    }
  }
}

function parseObject(body: Buffer): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsJsonError('SerializationException', 'the body is not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new AwsJsonError('SerializationException', 'the body is not a JSON object');
  return doc as Record<string, unknown>;
}

function answer(res: ServerResponse, status: number, doc: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify(doc));
}
