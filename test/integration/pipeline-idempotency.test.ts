import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SqsClient } from '#adapters/aws/sqs';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type WriteRequest } from '#adapters/aws/dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { DynamoStore } from '#adapters/dynamo-store';
import { sqsOutboundQueue } from '#adapters/fifo-queue';
import { keys } from '#adapters/table-keys';
import type { InboundMessage } from '#core/messages';
import { processInbound, type PipelineDeps } from '#core/pipeline';
import { ensureTable } from '#local/dynamodb';
import { stack, unique } from './helpers';

const settings = { defaultLocale: 'tr', locales: ['tr', 'en'], firstResponseHours: 24 };
let deps: PipelineDeps;
let store: DynamoStore;
let db: ReturnType<typeof createDocumentClient>;
let sqs: SQSClient;
let outboundUrl: string;
let tableName: string;

/** Real DynamoDB Local and the real local SQS server; a table and queue of this file's own. */
beforeAll(async () => {
  const { info } = stack();
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const raw = new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials });
  tableName = unique('idem');
  await ensureTable(raw, tableName);
  db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials });
  store = new DynamoStore(db, { tableName, ticketNumberStart: 50001 });
  sqs = new SQSClient({ region: info.region, endpoint: info.sqs, credentials });
  outboundUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${unique('out')}.fifo`, Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
  deps = { store, outbound: sqsOutboundQueue(new SqsClient({ region: info.region, endpoint: info.sqs, credentials }), outboundUrl), settings };
});

const message = (conversation: string, id: string = randomUUID(), text = 'Siparişim nerede?'): InboundMessage => ({
  channel: 'chat',
  channelMessageId: `${conversation}/${id}`,
  from: { address: conversation },
  conversationKey: conversation,
  text,
  attachments: [],
  receivedAt: new Date().toISOString(),
});

/** An agent closing the ticket (as the agent API's change does: status and a new version). */
const closeTicket = (id: string) =>
  db.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.ticket(id),
      UpdateExpression: 'SET #s = :closed, version = version + :one',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':closed': 'closed', ':one': 1 },
    }),
  );

async function timeline(ticketId: string) {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': keys.ticket(ticketId).pk, ':p': 'INTERACTION#' },
    }),
  );
  return out.Items ?? [];
}

async function drainOutbound(): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < 5; i++) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: outboundUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 600 }));
    bodies.push(...(out.Messages ?? []).map((m) => m.Body!));
  }
  return bodies;
}

describe('the pipeline against DynamoDB Local', () => {
  it('a message replayed five times leaves one interaction, one ticket change and one reply enqueued', async () => {
    await drainOutbound();
    const msg = message(unique('seq'));
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await processInbound(deps, msg));
    expect(results.map((r) => r.status)).toEqual(['stored', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    const ticketId = results[0]!.ticketId;
    expect(new Set(results.map((r) => r.ticketId))).toEqual(new Set([ticketId]));
    const ticket = await store.getTicket(ticketId);
    expect(ticket).toMatchObject({ version: 1, interactionCount: 1 });
    const items = await timeline(ticketId);
    expect(items.filter((i) => i.direction === 'in')).toHaveLength(1);
    expect(items.filter((i) => i.direction === 'out')).toHaveLength(1);
    const sent = await drainOutbound();
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!)).toMatchObject({ kind: 'acknowledgement', ticketId });
  });

  it('ten concurrent copies of a first message store it once and open one ticket', async () => {
    await drainOutbound();
    const msg = message(unique('conc'));
    const results = await Promise.all(Array.from({ length: 10 }, () => processInbound(deps, msg)));
    expect(results.filter((r) => r.status === 'stored')).toHaveLength(1);
    const ticketIds = new Set(results.map((r) => r.ticketId));
    expect(ticketIds.size).toBe(1);
    const [ticketId] = [...ticketIds];
    expect(await store.getTicket(ticketId!)).toMatchObject({ version: 1, interactionCount: 1 });
    expect((await timeline(ticketId!)).filter((i) => i.direction === 'in')).toHaveLength(1);
    expect(await drainOutbound()).toHaveLength(1);
  });

  it('ten concurrent copies of a reply change the ticket once and enqueue nothing', async () => {
    const conversation = unique('reply');
    const first = await processInbound(deps, message(conversation));
    await drainOutbound();
    const reply = message(conversation, 'r1', 'Hâlâ gelmedi');
    const results = await Promise.all(Array.from({ length: 10 }, () => processInbound(deps, reply)));
    expect(results.filter((r) => r.status === 'stored')).toHaveLength(1);
    expect(results.every((r) => r.ticketId === first.ticketId)).toBe(true);
    expect(await store.getTicket(first.ticketId)).toMatchObject({ version: 2, interactionCount: 2 });
    expect(await drainOutbound()).toHaveLength(0);
  });

  it('different messages of one new visitor arriving at once share one customer and one ticket', async () => {
    const conversation = unique('race');
    const results = await Promise.all(['a', 'b', 'c'].map((id) => processInbound(deps, message(conversation, id))));
    expect(results.every((r) => r.status === 'stored')).toBe(true);
    const ticketId = results[0]!.ticketId;
    expect(results.every((r) => r.ticketId === ticketId)).toBe(true);
    const ticket = await store.getTicket(ticketId);
    expect(ticket).toMatchObject({ version: 3, interactionCount: 3 });
    const identity = await store.getIdentity('chat', conversation);
    expect(identity?.customerId).toBe(ticket!.customerId);
  });

  it('a message in a conversation whose ticket was closed opens a new ticket for the same customer', async () => {
    const conversation = unique('closed');
    const first = await processInbound(deps, message(conversation));
    await closeTicket(first.ticketId);
    const second = await processInbound(deps, message(conversation));
    expect(second.createdTicket).toBe(true);
    expect(second.ticketId).not.toBe(first.ticketId);
    const [a, b] = await Promise.all([store.getTicket(first.ticketId), store.getTicket(second.ticketId)]);
    expect(b!.customerId).toBe(a!.customerId);
    expect(await store.getThreadTicketId('chat', conversation)).toBe(second.ticketId);
  });

  it('a chat visitor with a shop-signed e-mail address is the same customer as that address elsewhere', async () => {
    const email = `${unique('ayse')}@example.com`;
    const visitor1 = unique('v');
    const one = await processInbound(deps, { ...message(visitor1), from: { address: visitor1, email, emailVerified: true } });
    const visitor2 = unique('v');
    const two = await processInbound(deps, { ...message(visitor2), from: { address: visitor2, email: email.toUpperCase(), emailVerified: true } });
    const [a, b] = await Promise.all([store.getTicket(one.ticketId), store.getTicket(two.ticketId)]);
    expect(b!.customerId).toBe(a!.customerId);
  });

  it('a chat visitor who only typed that address is a customer of their own, with the address as a hint', async () => {
    const email = `${unique('ayse')}@example.com`;
    const visitor1 = unique('v');
    const one = await processInbound(deps, { ...message(visitor1), from: { address: visitor1, email, emailVerified: true } });
    const visitor2 = unique('v');
    const two = await processInbound(deps, { ...message(visitor2), from: { address: visitor2, email } });
    const [a, b] = await Promise.all([store.getTicket(one.ticketId), store.getTicket(two.ticketId)]);
    expect(b!.customerId).not.toBe(a!.customerId);
    expect(b!.contactHints).toEqual([{ type: 'email', value: email, verified: false }]);
    expect((await store.getIdentity('email', email))!.customerId).toBe(a!.customerId);
  });

  it('ticket numbers are short, human and distinct (from sharded counters, so not strictly in order)', async () => {
    const a = await processInbound(deps, message(unique('n')));
    const b = await processInbound(deps, message(unique('n')));
    for (const id of [a.ticketId, b.ticketId]) expect(id).toMatch(/^5\d{4}$/);
    expect(b.ticketId).not.toBe(a.ticketId);
  });
});

/**
 * A store whose DynamoDB client fails once on the first request that matches (as if the Lambda stopped
 * there): the writes before it stay, nothing after it happens.
 */
function storeStoppingAt(stopsAt: (command: { constructor: { name: string }; input: Record<string, unknown> }) => boolean): DynamoStore {
  let stopped = false;
  const stopping = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (command: never) => {
        if (!stopped && stopsAt(command)) {
          stopped = true;
          throw new Error('the function stopped here');
        }
        // A batch's items land one by one: stopping at one of them leaves the others written.
        const requests = (command as { input: { RequestItems?: Record<string, unknown> } }).input.RequestItems?.[tableName];
        const puts = (command as object) instanceof BatchWriteCommand ? (requests as WriteRequest[]) : undefined;
        const stopsAtItem = (r: WriteRequest) => 'PutRequest' in r && stopsAt({ constructor: { name: 'PutCommand' }, input: { Item: r.PutRequest.Item } });
        if (!stopped && puts?.some(stopsAtItem)) {
          stopped = true;
          const landed = puts.filter((r) => !stopsAtItem(r));
          if (landed.length) await target.send(new BatchWriteCommand({ RequestItems: { [tableName]: landed } }));
          throw new Error('the function stopped here');
        }
        return target.send(command);
      };
    },
  });
  return new DynamoStore(stopping, { tableName, ticketNumberStart: 50001 });
}

const putOf =
  (skPrefix: string, pkPrefix = '') =>
  (c: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const item = c.input.Item as { pk?: string; sk?: string } | undefined;
    return c.constructor.name === 'PutCommand' && Boolean(item?.sk?.startsWith(skPrefix)) && Boolean(item?.pk?.startsWith(pkPrefix));
  };

describe('a run that stops between its writes is completed by the retry', () => {
  async function stopThenRetry(stopsAt: Parameters<typeof storeStoppingAt>[0], msg: InboundMessage) {
    await drainOutbound();
    await expect(processInbound({ ...deps, store: storeStoppingAt(stopsAt) }, msg)).rejects.toThrow('the function stopped here');
    const retried = await processInbound(deps, msg);
    const ticket = await store.getTicket(retried.ticketId);
    const items = await timeline(retried.ticketId);
    return { retried, ticket, items, sent: await drainOutbound() };
  }

  it('stopped after claiming the thread, before the ticket: one ticket under the claimed number, acknowledged once', async () => {
    const conversation = unique('stop-thread');
    const { retried, ticket, items, sent } = await stopThenRetry(putOf('TICKET', 'TICKET#'), message(conversation));
    expect(retried.status).toBe('stored');
    expect(await store.getThreadTicketId('chat', conversation)).toBe(retried.ticketId);
    expect(ticket).toMatchObject({ version: 1, interactionCount: 1 });
    expect(items.filter((i) => i.direction === 'in')).toHaveLength(1);
    expect(sent.map((b) => JSON.parse(b).kind)).toEqual(['acknowledgement']);
  });

  it('stopped after the ticket, before the interactions: the message and its acknowledgement are written and sent once', async () => {
    const conversation = unique('stop-ticket');
    const { retried, ticket, items, sent } = await stopThenRetry(putOf('INTERACTION#'), message(conversation));
    expect(retried.status).toBe('duplicate');
    expect(ticket).toMatchObject({ version: 1, interactionCount: 1 });
    expect(items.filter((i) => i.direction === 'in')).toHaveLength(1);
    expect(items.filter((i) => i.direction === 'out')).toHaveLength(1);
    expect(sent.map((b) => JSON.parse(b).kind)).toEqual(['acknowledgement']);
    expect(await store.getProcessedMessage(items.find((i) => i.direction === 'in')!.messageKey as string)).toBeDefined();
  });

  it('stopped before recording the message: the retry records it and hands the waiting reply over once', async () => {
    const conversation = unique('stop-record');
    const { retried, ticket, items, sent } = await stopThenRetry(putOf('MESSAGE'), message(conversation));
    expect(retried.status).toBe('duplicate');
    expect(ticket).toMatchObject({ version: 1, interactionCount: 1 });
    expect(items).toHaveLength(2);
    expect(sent).toHaveLength(1);
    expect(await store.getProcessedMessage(items.find((i) => i.direction === 'in')!.messageKey as string)).toBeDefined();
  });

  it('the record written but not the message (a batch written in part): the retry writes the message and sends the acknowledgement once', async () => {
    const conversation = unique('stop-part');
    const inbound = (c: Parameters<Parameters<typeof storeStoppingAt>[0]>[0]) =>
      putOf('INTERACTION#')(c) && (c.input.Item as { direction?: string }).direction === 'in';
    const { retried, ticket, items, sent } = await stopThenRetry(inbound, message(conversation));
    expect(retried.status).toBe('duplicate');
    expect(ticket).toMatchObject({ version: 1, interactionCount: 1 });
    expect(items.filter((i) => i.direction === 'in')).toHaveLength(1);
    expect(items.filter((i) => i.direction === 'out')).toHaveLength(1);
    expect(sent.map((b) => JSON.parse(b).kind)).toEqual(['acknowledgement']);
  });

  it('a follow-up stopped after the ticket is applied once: the retry neither counts it twice nor moves the version', async () => {
    const conversation = unique('stop-follow');
    const first = await processInbound(deps, message(conversation));
    const { retried, ticket, items } = await stopThenRetry(putOf('INTERACTION#'), message(conversation, 'f1', 'Hâlâ gelmedi'));
    expect(retried.ticketId).toBe(first.ticketId);
    expect(ticket).toMatchObject({ version: 2, interactionCount: 2 });
    expect(items.filter((i) => i.direction === 'in').map((i) => i.text)).toEqual(['Siparişim nerede?', 'Hâlâ gelmedi']);
  });

  it('an old message replayed after its conversation moved to a new ticket changes nothing', async () => {
    const conversation = unique('old-replay');
    const old = message(conversation);
    const first = await processInbound(deps, old);
    await closeTicket(first.ticketId);
    const second = await processInbound(deps, message(conversation));
    await drainOutbound();
    const again = await processInbound(deps, old);
    expect(again).toMatchObject({ status: 'duplicate', ticketId: first.ticketId });
    expect(await store.getTicket(second.ticketId)).toMatchObject({ interactionCount: 1 });
    expect(await drainOutbound()).toHaveLength(0);
  });
});

/** The real outbound queue, noting what the pipeline hands it. */
const recording = (handed: unknown[]): PipelineDeps['outbound'] => ({
  send: (m) => {
    handed.push(m);
    return deps.outbound.send(m);
  },
  sendAll: (ms) => {
    handed.push(...ms);
    return deps.outbound.sendAll(ms);
  },
});

describe('records written by the earlier version', () => {
  it('a record holding whole replies (before replies were kept by reference) still hands a pending reply over once', async () => {
    await drainOutbound();
    const msg = message(unique('legacy-record'));
    const first = await processInbound(deps, msg);
    const key = (await timeline(first.ticketId)).find((i) => i.direction === 'in')!.messageKey as string;
    const reply = JSON.parse((await drainOutbound())[0]!);
    // As the earlier version wrote it: the replies whole, no references.
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.message(key),
        UpdateExpression: 'SET outbound = :whole REMOVE replies',
        ExpressionAttributeValues: { ':whole': [reply] },
      }),
    );
    const handed: unknown[] = [];
    const again = await processInbound({ ...deps, outbound: recording(handed) }, msg);
    expect(again).toMatchObject({ status: 'duplicate', enqueued: 1 });
    expect(handed).toEqual([reply]);
  });

  it('a replay rebuilds a pending reply from its interaction exactly as it was first queued', async () => {
    await drainOutbound();
    const msg = message(unique('rebuild'));
    await processInbound(deps, msg);
    const queued = (await drainOutbound()).map((b) => JSON.parse(b));
    const handed: unknown[] = [];
    await processInbound({ ...deps, outbound: recording(handed) }, msg);
    // Handed to the real queue too, whose deduplication id absorbs the copy.
    expect(handed).toEqual(queued);
  });
});

describe('an e-mail conversation keeps its ticket on its conversation item', () => {
  const mail = (conversation: string, id: string = randomUUID(), hint?: string): InboundMessage => ({
    ...message(conversation, id),
    channel: 'email',
    channelMessageId: `<${id}@customer.example>`,
    from: { address: `${conversation}@customer.example` },
    ...(hint ? { threadTicketId: hint } : {}),
  });
  /** As the e-mail ingest writes a conversation it opens. */
  const opened = (conversation: string) =>
    db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.emailConversation(conversation), type: 'email-conversation', references: [], holdsThread: true },
      }),
    );

  it('a new ticket is named on the conversation item, and the next mail joins it with or without the hint', async () => {
    const conversation = unique('mailconv');
    await opened(conversation);
    const first = await processInbound(deps, mail(conversation));
    const item = await db.send(new GetCommand({ TableName: tableName, Key: keys.emailConversation(conversation) }));
    expect(item.Item).toMatchObject({ ticketId: first.ticketId, holdsThread: true, type: 'email-conversation' });
    expect((await db.send(new GetCommand({ TableName: tableName, Key: keys.thread('email', conversation) }))).Item).toBeUndefined();
    expect((await processInbound(deps, mail(conversation, randomUUID(), first.ticketId))).ticketId).toBe(first.ticketId);
    expect((await processInbound(deps, mail(conversation))).ticketId).toBe(first.ticketId);
  });

  it('a stale hint (the ticket it names was closed and the conversation moved on) joins the current ticket', async () => {
    const conversation = unique('mailstale');
    await opened(conversation);
    const first = await processInbound(deps, mail(conversation));
    await closeTicket(first.ticketId);
    const second = await processInbound(deps, mail(conversation));
    expect(second.createdTicket).toBe(true);
    const late = await processInbound(deps, mail(conversation, randomUUID(), first.ticketId));
    expect(late).toMatchObject({ status: 'stored', ticketId: second.ticketId, createdTicket: false });
  });

  it('a conversation opened by the earlier version (its ticket in a thread item) keeps its ticket, and takes a new one on its conversation item', async () => {
    const conversation = unique('mailold');
    const first = await processInbound(deps, mail(conversation));
    // As the earlier version left it: the ticket in the thread item, a conversation item without it.
    const thread = await db.send(new GetCommand({ TableName: tableName, Key: keys.emailConversation(conversation) }));
    await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.thread('email', conversation), type: 'thread', ticketId: first.ticketId } }));
    await db.send(new PutCommand({ TableName: tableName, Item: { ...keys.emailConversation(conversation), type: 'email-conversation', references: [] } }));
    expect(thread.Item?.ticketId).toBe(first.ticketId);
    expect((await processInbound(deps, mail(conversation))).ticketId).toBe(first.ticketId);
    await closeTicket(first.ticketId);
    const next = await processInbound(deps, mail(conversation));
    expect(next.createdTicket).toBe(true);
    expect((await db.send(new GetCommand({ TableName: tableName, Key: keys.emailConversation(conversation) }))).Item?.ticketId).toBe(next.ticketId);
    expect((await processInbound(deps, mail(conversation))).ticketId).toBe(next.ticketId);
  });
});

describe('delivery leases in DynamoDB Local', () => {
  it('an outbound interaction is claimed once, then reported in flight, then sent', async () => {
    const result = await processInbound(deps, message(unique('lease')));
    const processed = await store.getProcessedMessage((await timeline(result.ticketId)).find((i) => i.direction === 'in')!.messageKey as string);
    const out = processed!.replies![0]!;
    const now = new Date();
    expect(await store.claimDelivery(out.ticketId, out.interactionKey, now, 60_000)).toBe('claimed');
    expect(await store.claimDelivery(out.ticketId, out.interactionKey, now, 60_000)).toEqual({
      status: 'in-flight',
      leaseUntil: new Date(now.getTime() + 60_000).toISOString(),
    });
    expect(await store.claimDelivery(out.ticketId, out.interactionKey, new Date(now.getTime() + 61_000), 60_000)).toBe('claimed');
    await store.completeDelivery(out.ticketId, out.interactionKey, now, 'p-1');
    expect(await store.claimDelivery(out.ticketId, out.interactionKey, now, 60_000)).toBe('already-sent');
    expect(await store.claimDelivery(out.ticketId, 'INTERACTION#missing', now, 60_000)).toBe('missing');
    expect(await store.getDelivery(out.ticketId, out.interactionKey)).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: 'p-1' });
  });

  it('a permanent failure is recorded on the interaction and the ticket, once, and is never claimed again', async () => {
    const result = await processInbound(deps, message(unique('fail')));
    const processed = await store.getProcessedMessage((await timeline(result.ticketId)).find((i) => i.direction === 'in')!.messageKey as string);
    const out = processed!.replies![0]!;
    const now = new Date();
    const before = await store.getTicket(out.ticketId);
    expect(await store.claimDelivery(out.ticketId, out.interactionKey, now, 60_000)).toBe('claimed');
    await store.failDelivery(out.ticketId, out.interactionKey, now, 'address suppressed after a bounce');
    // A second attempt at recording (a replay) changes nothing.
    await store.failDelivery(out.ticketId, out.interactionKey, new Date(now.getTime() + 5_000), 'again');
    expect(await store.claimDelivery(out.ticketId, out.interactionKey, new Date(now.getTime() + 120_000), 60_000)).toBe('already-failed');
    expect(await store.getDelivery(out.ticketId, out.interactionKey)).toMatchObject({
      status: 'failed',
      lastError: 'address suppressed after a bounce',
      failedAt: now.toISOString(),
    });
    const after = await store.getTicket(out.ticketId);
    expect(after!.lastDeliveryFailure).toEqual({ interactionKey: out.interactionKey, reason: 'address suppressed after a bounce', at: now.toISOString() });
    expect(after!.version).toBe(before!.version + 1);
  });
});
