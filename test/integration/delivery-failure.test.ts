import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentClient, type DocumentCommand, TransactWriteCommand, UpdateCommand } from '#adapters/aws/dynamodb';
import { AwsServiceError } from '#adapters/aws/errors';
import { DynamoDeliveryFailures } from '#adapters/delivery-failure';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { DynamoStore } from '#adapters/dynamo-store';
import { SocialStore } from '#adapters/social-store';
import { keys } from '#adapters/table-keys';
import { deliverOutbound, type DeliverDeps } from '#core/deliver';
import { PermanentDeliveryError } from '#core/errors';
import type { InboundMessage, OutboundMessage } from '#core/messages';
import { processInbound, type PipelineDeps } from '#core/pipeline';
import { ensureTable } from '#local/dynamodb';
import { stack, unique } from './helpers';

const settings = { defaultLocale: 'tr', locales: ['tr', 'en'], firstResponseHours: 24 };
let raw: DynamoDBClient;
let tableName: string;
let store: DynamoStore;
const enqueued: OutboundMessage[] = [];
let pipeline: PipelineDeps;

/** Real DynamoDB Local; a table of this file's own. Replies the pipeline enqueues are kept here. */
beforeAll(async () => {
  const { info } = stack();
  raw = new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  tableName = unique('failures');
  await ensureTable(raw, tableName);
  store = new DynamoStore(localDocumentClient(), { tableName, ticketNumberStart: 70001 });
  pipeline = { store, outbound: { send: async (m) => void enqueued.push(m), sendAll: async (ms) => void enqueued.push(...ms) }, settings };
});

const inbound = (conversation: string, text = 'Siparişim nerede?'): InboundMessage => ({
  channel: 'chat',
  channelMessageId: `${conversation}/${randomUUID()}`,
  from: { address: conversation },
  conversationKey: conversation,
  text,
  attachments: [],
  receivedAt: new Date().toISOString(),
});

/** A new conversation's first message, stored by the pipeline: its ticket and the reply it enqueued. */
async function replyOnNewTicket(): Promise<{ reply: OutboundMessage; conversation: string }> {
  const conversation = unique('conv');
  const result = await processInbound(pipeline, inbound(conversation));
  const reply = enqueued.find((m) => m.ticketId === result.ticketId);
  if (!reply) throw new Error('the pipeline enqueued no reply');
  return { reply, conversation };
}

const localDocumentClient = () =>
  createDocumentClient({ region: stack().info.region, endpoint: stack().info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/**
 * A document client on the same DynamoDB Local whose first write that touches the ticket item fails
 * as DynamoDB fails it when a transaction holds the item: a single write with
 * TransactionConflictException, a transaction cancelled for TransactionConflict.
 */
function clientWithOneTicketConflict(ticketId: string) {
  const ticket = keys.ticket(ticketId);
  type Key = { pk?: string; sk?: string };
  const touchesTicket = (key?: Key) => key?.pk === ticket.pk && key.sk === ticket.sk;
  let injected = false;
  const db = new (class extends DocumentClient {
    override async send<In, Out>(command: DocumentCommand<In, Out>): Promise<Out> {
      // Before the client marshals it: plain values.
      const input = command.input as { Key?: Key; TransactItems?: { Update?: { Key?: Key } }[] };
      if (!injected && command instanceof UpdateCommand && touchesTicket(input.Key)) {
        injected = true;
        throw new AwsServiceError('TransactionConflictException', 'Transaction is ongoing for the item', 400, undefined);
      }
      if (!injected && command instanceof TransactWriteCommand && input.TransactItems?.some((i) => touchesTicket(i.Update?.Key))) {
        injected = true;
        throw new AwsServiceError('TransactionCanceledException', 'Transaction cancelled', 400, undefined, {
          CancellationReasons: input.TransactItems.map((i) => ({ Code: touchesTicket(i.Update?.Key) ? 'TransactionConflict' : 'None' })),
        });
      }
      return super.send(command);
    }
  })({ region: stack().info.region, endpoint: stack().info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { db, injected: () => injected };
}

const refusingSender = (calls: { n: number }) => ({
  send: async (): Promise<{ providerMessageId: string }> => {
    calls.n++;
    throw new PermanentDeliveryError('recipient refused (400)');
  },
});

describe('recording a delivery failure against DynamoDB Local', () => {
  it('a transaction conflict on the ticket never leaves the reply in sending, and the queue’s retry puts the failure on the ticket', async () => {
    const { reply } = await replyOnNewTicket();
    const before = await store.getTicket(reply.ticketId);
    const conflicted = clientWithOneTicketConflict(reply.ticketId);
    const calls = { n: 0 };
    const deps: DeliverDeps = {
      store: new DynamoStore(conflicted.db, { tableName, ticketNumberStart: 70001 }),
      senders: { chat: refusingSender(calls) },
      leaseMs: 60_000,
    };
    // The conflict is thrown, so the queue keeps the message and delivers it again.
    await expect(deliverOutbound(deps, reply)).rejects.toThrow(/Transaction/);
    expect(conflicted.injected()).toBe(true);
    expect(await store.getDelivery(reply.ticketId, reply.interactionKey)).toMatchObject({ status: 'failed', lastError: 'recipient refused (400)' });

    expect(await deliverOutbound(deps, reply)).toBe('failed');
    expect(calls.n).toBe(1);
    const after = await store.getTicket(reply.ticketId);
    const delivery = await store.getDelivery(reply.ticketId, reply.interactionKey);
    expect(after!.lastDeliveryFailure).toEqual({ interactionKey: reply.interactionKey, reason: 'recipient refused (400)', at: delivery!.failedAt });
    expect(after!.version).toBe(before!.version + 1);
    // Further replays change nothing: no new ticket version.
    expect(await deliverOutbound(deps, reply)).toBe('failed');
    expect((await store.getTicket(reply.ticketId))!.version).toBe(before!.version + 1);
  });

  it('a failure recorded by an attempt whose lease another attempt took over and sent leaves the reply sent and the ticket untouched', async () => {
    const { reply } = await replyOnNewTicket();
    const before = await store.getTicket(reply.ticketId);
    const t0 = new Date();
    expect(await store.claimDelivery(reply.ticketId, reply.interactionKey, t0, 60_000)).toBe('claimed');
    const later = new Date(t0.getTime() + 61_000);
    expect(await store.claimDelivery(reply.ticketId, reply.interactionKey, later, 60_000)).toBe('claimed');
    await store.completeDelivery(reply.ticketId, reply.interactionKey, later, 'p-2');
    // The first attempt's provider refused it after all: too late to matter.
    await store.failDelivery(reply.ticketId, reply.interactionKey, t0, 'timed out, then refused');
    expect(await store.getDelivery(reply.ticketId, reply.interactionKey)).toMatchObject({ status: 'sent', providerMessageId: 'p-2' });
    const after = await store.getTicket(reply.ticketId);
    expect(after!.lastDeliveryFailure).toBeUndefined();
    expect(after!.version).toBe(before!.version);
  });

  it('a failure while follow-up messages change the ticket concurrently ends with the reply failed, the failure on the ticket and every message stored', async () => {
    const { reply, conversation } = await replyOnNewTicket();
    const calls = { n: 0 };
    const deps: DeliverDeps = { store, senders: { chat: refusingSender(calls) }, leaseMs: 60_000 };
    /** As the queue does: a thrown error means the message comes again (the lease is not in the way here). */
    const untilDone = async <T>(work: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await work();
        } catch (e) {
          if (attempt === 10) throw e;
        }
      }
    };
    const followUps = Array.from({ length: 6 }, (_, i) => inbound(conversation, `ek bilgi ${i}`));
    const results = await Promise.all([untilDone(() => deliverOutbound(deps, reply)), ...followUps.map((m) => untilDone(() => processInbound(pipeline, m)))]);
    expect(results[0]).toBe('failed');
    expect(calls.n).toBe(1);
    expect(await store.getDelivery(reply.ticketId, reply.interactionKey)).toMatchObject({ status: 'failed' });
    const ticket = await store.getTicket(reply.ticketId);
    expect(ticket!.lastDeliveryFailure).toMatchObject({ interactionKey: reply.interactionKey, reason: 'recipient refused (400)' });
    expect(ticket!.interactionCount).toBeGreaterThanOrEqual(1 + followUps.length);
  });

  it('a provider’s report after sending (a bounce, a failed receipt) is recorded once, keeps the first reason, and does not undo a read receipt', async () => {
    const db = localDocumentClient();
    const failures = new DynamoDeliveryFailures(db, tableName);
    const social = new SocialStore(db, tableName);
    const { reply } = await replyOnNewTicket();
    const ref = { ticketId: reply.ticketId, interactionKey: reply.interactionKey };
    const now = new Date();
    expect(await store.claimDelivery(ref.ticketId, ref.interactionKey, now, 60_000)).toBe('claimed');
    await store.completeDelivery(ref.ticketId, ref.interactionKey, now, 'ses-1');
    const before = await store.getTicket(ref.ticketId);
    const at = new Date(now.getTime() + 1000).toISOString();
    expect(await failures.recordDeliveryFailure(ref, { stage: 'after-send', reason: 'a@example.com: permanent bounce', at })).toBe('recorded');
    expect(await failures.recordDeliveryFailure(ref, { stage: 'after-send', reason: 'again', at: new Date(now.getTime() + 2000).toISOString() })).toBe(
      'already-recorded',
    );
    expect(await store.getDelivery(ref.ticketId, ref.interactionKey)).toMatchObject({
      status: 'sent',
      providerStatus: 'failed',
      providerError: 'a@example.com: permanent bounce',
      failedAt: at,
    });
    const after = await store.getTicket(ref.ticketId);
    expect(after!.lastDeliveryFailure).toEqual({ interactionKey: ref.interactionKey, reason: 'a@example.com: permanent bounce', at });
    expect(after!.version).toBe(before!.version + 1);

    const { reply: read } = await replyOnNewTicket();
    const readRef = { ticketId: read.ticketId, interactionKey: read.interactionKey };
    expect(await store.claimDelivery(readRef.ticketId, readRef.interactionKey, now, 60_000)).toBe('claimed');
    await store.completeDelivery(readRef.ticketId, readRef.interactionKey, now, 'wamid-1');
    await social.recordReceipt(readRef, 'read', at);
    await social.recordReceipt(readRef, 'failed', at, 'late failure');
    expect(await store.getDelivery(readRef.ticketId, readRef.interactionKey)).toMatchObject({ providerStatus: 'read' });
    expect((await store.getTicket(readRef.ticketId))!.lastDeliveryFailure).toBeUndefined();
  });
});
