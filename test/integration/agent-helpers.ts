import { S3Client } from '@aws-sdk/client-s3';
import { dynamoNpsStore } from '#adapters/nps-store';
import { npsRequest } from '#agent/nps';
import { SqsClient } from '#adapters/aws/sqs';
import { BatchWriteCommand } from '#adapters/aws/dynamodb';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { enqueueInbound } from '#adapters/fifo-queue';
import { ticketItem } from '#adapters/table-keys';
import { inboundMessageSchema, type InboundMessageInput } from '#core/messages';
import type { Ticket } from '#core/model';
import { LOCAL_CREDENTIALS } from '#local/storage';
import { eventually, http, postChat, stack } from './helpers';

const region = 'us-east-1';
export const db = () => createDocumentClient({ region, endpoint: stack().info.dynamodb, credentials: LOCAL_CREDENTIALS });
export const s3 = () => new S3Client({ region, endpoint: stack().info.s3, credentials: LOCAL_CREDENTIALS, forcePathStyle: true });

/** A customer message of any channel, straight onto the inbound queue (as that channel's ingest would put it). */
export async function inbound(msg: Omit<InboundMessageInput, 'receivedAt'> & { receivedAt?: string }) {
  const sqs = new SqsClient({ region, endpoint: stack().info.sqs, credentials: LOCAL_CREDENTIALS });
  await enqueueInbound(sqs, stack().info.queues.inbound.url, inboundMessageSchema.parse({ receivedAt: new Date().toISOString(), ...msg }));
}

/**
 * The ticket of a conversation, found through the channel view of the API, once its messages are on
 * its timeline too (the pipeline writes them just after the ticket, the commit point).
 */
export function ticketOf(channel: string, conversationId: string, status = 'open', timeoutMs = 8000): Promise<any> {
  return eventually(
    async () => {
      let cursor: string | null = null;
      do {
        const r = await http('GET', `/tickets?status=${status}&channel=${channel}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        const t = r.json.items.find((i: { conversationId: string }) => i.conversationId === conversationId);
        if (t) return (await http('GET', `/tickets/${t.id}`)).json.timeline?.some((i: { direction: string }) => i.direction === 'in') ? t : undefined;
        cursor = r.json.next;
      } while (cursor);
      return undefined;
    },
    timeoutMs,
    `the ${channel} ticket of ${conversationId}`,
  );
}

/** A complaint goes to a person: the ticket stays open with an acknowledgement. */
export const COMPLAINT = 'Müşteri hizmetleriniz rezalet, kimse dönüş yapmıyor, şikayetçiyim';

export const chat = (visitorId: string, messageId: string, text = COMPLAINT, extra: object = {}) =>
  postChat(visitorId, messageId, text, { extra, headers: { 'accept-language': 'tr-TR' } });

export async function chatTicket(visitorId: string, extra: object = {}) {
  await chat(visitorId, 'm1', COMPLAINT, extra);
  return ticketOf('chat', visitorId);
}

/**
 * Starts an e-mail NPS survey in the store directly, as the resolution would (its outbound interaction
 * built by npsRequest): the claim, the month's survey item and the request. 'not_due' when the
 * customer was asked after `askableBefore`.
 */
export function startSurveyDirectly(s: { ticketId: string; customerId: string; sentAt: string; askableBefore: string }) {
  const { ticketId, customerId, sentAt } = s;
  const t = { id: ticketId, channel: 'email', locale: 'en', customerId, conversationKey: ticketId, customerAddress: 'x@example.com' } as Ticket;
  const { interaction } = npsRequest(t, {
    key: 'k'.repeat(43),
    publicUrl: 'https://api.example',
    sentAt,
    expiresAt: sentAt,
    to: 'x@example.com',
    settings: { question: {}, shopName: 'S' },
  });
  const survey = { ticketId, customerId, channel: 'email' as const, locale: 'en', sentAt, expiresAt: sentAt };
  return { survey, started: dynamoNpsStore(db(), stack().info.tableName).startSurvey(survey, interaction, s.askableBefore) };
}

/**
 * Tickets straight into the table (their views included, as the stores write them): 25 to a
 * BatchWriteItem, unprocessed ones again, a few writers at once (DynamoDB Local takes a while per batch).
 */
export async function putTickets(tickets: readonly Ticket[], writers = 4): Promise<void> {
  const table = stack().info.tableName;
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < tickets.length; i += 25) batches.push(tickets.slice(i, i + 25).map(ticketItem));
  const write = async (items: Record<string, unknown>[]) => {
    let batch = items.map((Item) => ({ PutRequest: { Item } }));
    while (batch.length) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
      batch = (out.UnprocessedItems?.[table] as typeof batch | undefined) ?? [];
    }
  };
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = w; i < batches.length; i += writers) await write(batches[i]!);
    }),
  );
}
