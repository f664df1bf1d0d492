import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { issueVisitorToken } from '#channels/chat/visitor-token';
import { deriveKey, MASTER_KEY_ENV, type KeyPurpose } from '#config/keys';

export const stack = () => inject('stack');

/** A signing key of the local stack, derived from its master key as the functions derive it. */
export const stackKey = (purpose: KeyPurpose) => deriveKey(stack().envs.agentApi[MASTER_KEY_ENV]!, purpose);

export async function http(method: string, path: string, opts: { body?: unknown; raw?: string; token?: string | null; headers?: Record<string, string> } = {}) {
  const { info } = stack();
  const res = await fetch(`${info.api}${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token === null ? {} : { authorization: `Bearer ${opts.token ?? info.agentToken}` }),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : opts.raw !== undefined ? { body: opts.raw } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/**
 * A visitor's chat message over the HTTP fallback, with a visitor token for that id signed with the
 * stack's key (as POST /chat/token would sign it), so tests can choose their visitors' ids.
 */
export async function postChat(visitorId: string, messageId: string, text: string, opts: { extra?: object; headers?: Record<string, string> } = {}) {
  const token = await issueVisitorToken(stackKey('chat-visitor-token'), { visitorId }, 60);
  return http('POST', '/chat/messages', { body: { visitorId, messageId, text, ...opts.extra }, token, ...(opts.headers ? { headers: opts.headers } : {}) });
}

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Polls until check returns a value (not undefined), or fails after timeoutMs. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Finds the ticket of a chat visitor by listing tickets of every status (as an agent would). */
export async function ticketOfVisitor(visitorId: string): Promise<any | undefined> {
  for (const status of ['open', 'pending', 'resolved']) {
    let cursor: string | null = null;
    do {
      const r = await http('GET', `/tickets?status=${status}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      for (const t of r.json.items) {
        if (t.channel === 'chat' && t.conversationId === visitorId) return t;
      }
      cursor = r.json.next;
    } while (cursor);
  }
  return undefined;
}

/** An asynchronous invocation through the local Lambda Invoke stand-in, as SES, EventBridge or Scheduler make it. */
export async function invokeAsync(functionName: string, payload: unknown): Promise<void> {
  const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
  const { info } = stack();
  const client = new LambdaClient({ region: info.region, endpoint: info.lambda, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const out = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
    if (out.StatusCode !== 202) throw new Error(`Invoke ${functionName} answered ${out.StatusCode}`);
  } finally {
    client.destroy();
  }
}

/** Waits until no asynchronous invocation is running or waiting to be retried. */
export async function asyncInvocationsIdle(timeoutMs = 30_000): Promise<void> {
  await eventually(
    async () => {
      const { pending } = (await (await fetch(`${stack().info.lambda}/_local/pending`)).json()) as { pending: number };
      return pending === 0 ? true : undefined;
    },
    timeoutMs,
    'asynchronous invocations to finish',
  );
}

/** A test's own FIFO queue (visibility 1 s) whose messages move to its own dead-letter queue after two receives. */
export async function fifoQueueWithDeadLetters(sqs: SQSClient, name: string): Promise<{ queueUrl: string; dlqUrl: string }> {
  const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq.fifo`, Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn;
  const redrive = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 });
  const queueUrl = (
    await sqs.send(new CreateQueueCommand({ QueueName: `${name}.fifo`, Attributes: { FifoQueue: 'true', VisibilityTimeout: '1', RedrivePolicy: redrive } }))
  ).QueueUrl!;
  return { queueUrl, dlqUrl };
}
