import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FunctionName } from '#definitions/functions';
import type { LocalFunction } from './functions';

/** What Lambda does with a function's failed asynchronous invocations (lambdas/definitions/async-invocations.ts). */
export interface LocalAsyncConfig {
  readonly retryAttempts: number;
  /** The on-failure destination: a standard queue's URL in the local SQS server. */
  readonly deadLetterQueueUrl: string;
}

export interface LocalLambdaInvokeOptions {
  readonly region: string;
  readonly account: string;
  readonly asyncConfig: Partial<Record<FunctionName, LocalAsyncConfig>>;
  /** Lambda waits a minute, then two, between retries; locally this much, times the attempt. */
  readonly retryDelayMs?: number;
  readonly log: (line: string) => void;
}

/**
 * Lambda's Invoke API, locally: what the AWS SDK's Lambda client sends (POST
 * /2015-03-31/functions/{name}/invocations) when AWS_ENDPOINT_URL_LAMBDA points here. RequestResponse
 * runs the function and answers with its result (or X-Amz-Function-Error); Event answers 202 at once
 * and runs it in the background as Lambda does: a failure is retried retryAttempts times, then an
 * invocation record (request payload, error, condition RetriesExhausted) goes to the function's
 * dead-letter queue, so SES's receipt action, the Scheduler stand-in and bounce simulations fail the
 * way they fail in AWS. GET /_local/pending tells tests how many event invocations are still running.
 */
export class LocalLambdaInvoke {
  private server?: Server;
  private readonly running = new Set<Promise<void>>();
  url = '';

  constructor(
    private readonly functions: Record<FunctionName, LocalFunction>,
    private readonly sqs: SQSClient,
    private readonly opts: LocalLambdaInvokeOptions,
  ) {}

  async listen(port: number): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this.url;
  }

  /** Stops taking invocations and waits for the running ones (retries included). */
  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    await Promise.allSettled([...this.running]);
  }

  get pending(): number {
    return this.running.size;
  }

  arn(name: FunctionName): string {
    return `arn:aws:lambda:${this.opts.region}:${this.opts.account}:function:${name}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'GET' && url.pathname === '/_local/pending') return send(res, 200, { pending: this.pending });
    const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
    if (req.method !== 'POST' || !m)
      return send(res, 404, { message: `no route ${req.method} ${url.pathname}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
    const name = functionNameOf(decodeURIComponent(m[1]!));
    const fn = (this.functions as Record<string, LocalFunction | undefined>)[name];
    if (!fn) return send(res, 404, { Type: 'User', message: `Function not found: ${name}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
    const body = await readBody(req);
    let payload: unknown;
    try {
      payload = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      return send(res, 400, { Type: 'User', message: 'Could not parse request body into json' }, { 'x-amzn-errortype': 'InvalidRequestContentException' });
    }
    const requestId = randomUUID();
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (type === 'DryRun') return send(res, 204, undefined, { 'x-amzn-requestid': requestId });
    if (type === 'Event') {
      const run = this.runAsync(name as FunctionName, fn, payload, requestId).finally(() => this.running.delete(run));
      this.running.add(run);
      return send(res, 202, undefined, { 'x-amzn-requestid': requestId });
    }
    try {
      const result = await fn.invoke(payload);
      send(res, 200, result ?? null, { 'x-amzn-requestid': requestId, 'x-amz-executed-version': '$LATEST' });
    } catch (e) {
      send(res, 200, errorPayload(e), { 'x-amzn-requestid': requestId, 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' });
    }
  }

  private async runAsync(name: FunctionName, fn: LocalFunction, payload: unknown, requestId: string): Promise<void> {
    const config = this.opts.asyncConfig[name];
    const attempts = 1 + (config?.retryAttempts ?? 2);
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await fn.invoke(payload);
        return;
      } catch (e) {
        lastError = e;
        if (attempt < attempts) await new Promise((r) => setTimeout(r, (this.opts.retryDelayMs ?? 500) * attempt));
      }
    }
    this.opts.log(`lambda: ${name} failed ${attempts} times: ${(lastError as Error).message}`);
    if (!config) return;
    const record = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: { requestId, functionArn: `${this.arn(name)}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: attempts },
      requestPayload: payload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: errorPayload(lastError),
    };
    await this.sqs
      .send(new SendMessageCommand({ QueueUrl: config.deadLetterQueueUrl, MessageBody: JSON.stringify(record) }))
      .catch((e: Error) => this.opts.log(`lambda: could not record ${name}'s failed invocation: ${e.message}`));
  }
}

/** A name, a full or partial ARN, with or without a qualifier: the function's name. */
export function functionNameOf(id: string): string {
  const arn = /^(?:arn:[^:]+:lambda:[^:]*:)?(?:\d{12}:)?function:([^:]+)(?::.*)?$/.exec(id);
  if (arn) return arn[1]!;
  return id.split(':')[0]!;
}

/** What Lambda's Node.js runtime reports for an unhandled error. */
function errorPayload(e: unknown): { errorType: string; errorMessage: string } {
  const message = (e as Error | undefined)?.message ?? String(e);
  // The local instance reports "<function>: <ErrorName>: <message>".
  const m = /^[^:]+: ([A-Za-z]*Error|[A-Za-z]+Exception): ([\s\S]*)$/.exec(message);
  return m ? { errorType: m[1]!, errorMessage: m[2]! } : { errorType: 'Error', errorMessage: message };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
