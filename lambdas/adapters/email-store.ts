import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConversationMessage, EmailConversation, EmailStore, SentMessageRef, Suppression, TicketSummary } from '#channels/email/ports';
import { cutUtf8, keyPart, utf8Bytes } from '#core/bounds';
import { interactionIdOf, keys, normaliseAddress } from './table-keys';

/**
 * E-mail items of the single table (see lambdas/definitions/table.ts):
 *   THREADMSG#<message-id>              / THREADMSG   Message-ID → conversation (ours and customers')
 *   EMAILSUBJ#<address>#<subject>       / EMAILSUBJ   a customer's subject → conversation, last used at
 *   EMAILCONV#<conversation>            / EMAILCONV   latest Message-ID, references, first subject
 *   RATE#<counter>                      / RATE        distinct messages in an hour (TTL)
 *   SUPPRESS#<address>                  / SUPPRESS    bounced or complained address, and why
 */
export const emailKeys = {
  threadMessage: (id: string) => ({ pk: `THREADMSG#${messageIdKey(id)}`, sk: 'THREADMSG' }),
  subject: (address: string, subject: string) => ({
    pk: `EMAILSUBJ#${keyPart(normaliseAddress('email', address), 500)}#${keyPart(subject, 500)}`,
    sk: 'EMAILSUBJ',
  }),
  conversation: (key: string) => ({ pk: `EMAILCONV#${keyPart(key)}`, sk: 'EMAILCONV' }),
  rate: (counter: string) => ({ pk: `RATE#${keyPart(counter)}`, sk: 'RATE' }),
  suppression: (address: string) => ({ pk: `SUPPRESS#${keyPart(normaliseAddress('email', address))}`, sk: 'SUPPRESS' }),
};

/**
 * Message-IDs compare without their angle brackets and surrounding space; SES replaces the ids of
 * the mail it sends with <ses-id@region.amazonses.com>, stored and looked up without the region.
 * One over 900 bytes is keyed by its hash (keyPart), for the mail that brings it and every reply.
 */
export function messageIdKey(id: string): string {
  const bare = id.trim().replace(/^<|>$/g, '');
  return keyPart(bare.replace(/@(?:[a-z0-9-]+\.)*amazonses\.com$/i, '@amazonses.com'));
}

const MAX_REFERENCES = 20;
/** RFC 5322's line limit: a longer id could not go back out in a header anyway. */
const MAX_ID_BYTES = 998;
const storableId = (id: string) => utf8Bytes(id) <= MAX_ID_BYTES;
const isConditionFailure = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

export class DynamoEmailStore implements EmailStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async get(key: { pk: string; sk: string }) {
    return (await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }))).Item;
  }

  private async putIfAbsent(item: Record<string, unknown>) {
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }

  async conversationOfMessageId(messageId: string) {
    return (await this.get(emailKeys.threadMessage(messageId)))?.conversationKey as string | undefined;
  }

  async sentMessage(messageId: string): Promise<SentMessageRef | undefined> {
    const item = await this.get(emailKeys.threadMessage(messageId));
    return item?.ticketId ? { ticketId: item.ticketId as string, interactionKey: interactionIdOf(item.interactionKey as string) } : undefined;
  }

  async rememberMessageId(messageId: string, conversationKey: string, sent?: SentMessageRef) {
    await this.putIfAbsent({
      ...emailKeys.threadMessage(messageId),
      type: 'thread-message',
      messageId: cutUtf8(messageId, MAX_ID_BYTES),
      conversationKey,
      ...sent,
    });
  }

  async getTicketSummary(ticketId: string): Promise<TicketSummary | undefined> {
    const item = await this.get(keys.ticket(ticketId));
    return item ? { id: item.id as string, customerId: item.customerId as string, conversationKey: item.conversationKey as string } : undefined;
  }

  async customerOfAddress(address: string) {
    return (await this.get(keys.identity('email', address)))?.customerId as string | undefined;
  }

  async claimSubject(address: string, subjectKey: string, candidate: string, now: Date, windowStart: Date): Promise<string> {
    const key = emailKeys.subject(address, subjectKey);
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.get(key);
      if (current && (current.at as string) >= windowStart.toISOString()) {
        // Joined: the window runs from the latest mail of the conversation.
        await this.db
          .send(
            new UpdateCommand({
              TableName: this.table,
              Key: key,
              UpdateExpression: 'SET #at = :now',
              ConditionExpression: '#at < :now',
              ExpressionAttributeNames: { '#at': 'at' },
              ExpressionAttributeValues: { ':now': now.toISOString() },
            }),
          )
          .catch((e) => {
            if (!isConditionFailure(e)) throw e;
          });
        return current.conversationKey as string;
      }
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...key, type: 'email-subject', conversationKey: candidate, at: now.toISOString() },
            ConditionExpression: 'attribute_not_exists(pk) OR #at < :start',
            ExpressionAttributeNames: { '#at': 'at' },
            ExpressionAttributeValues: { ':start': windowStart.toISOString() },
          }),
        );
        return candidate;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        // Someone claimed the subject meanwhile: read again and join theirs.
      }
    }
    return candidate;
  }

  async countInWindow(counter: string, member: string, now: Date): Promise<number> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: emailKeys.rate(counter),
        // A set: the same message counted again (a replay) does not count twice.
        UpdateExpression: 'ADD members :m SET expiresAt = if_not_exists(expiresAt, :ttl), #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':m': new Set([member]), ':ttl': Math.floor(now.getTime() / 1000) + 2 * 3600, ':type': 'rate' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return (out.Attributes?.members as Set<string> | undefined)?.size ?? 1;
  }

  async getConversation(conversationKey: string): Promise<EmailConversation | undefined> {
    const item = await this.get(emailKeys.conversation(conversationKey));
    if (!item) return undefined;
    return {
      conversationKey,
      ...(item.subject ? { subject: item.subject as string } : {}),
      ...(item.supportAddress ? { supportAddress: item.supportAddress as string } : {}),
      ...(item.lastMessageId ? { lastMessageId: item.lastMessageId as string } : {}),
      ...(item.lastCustomerMessageId ? { lastCustomerMessageId: item.lastCustomerMessageId as string } : {}),
      references: (item.references as string[] | undefined) ?? [],
    };
  }

  async recordConversationMessage(u: ConversationMessage) {
    const current = await this.getConversation(u.conversationKey);
    const chain = [...(current?.references ?? []), ...(current?.lastMessageId ? [current.lastMessageId] : []), ...(u.references ?? [])];
    const references = [...new Set(chain)].filter((id) => id !== u.messageId && storableId(id));
    // The item stays small whatever the mail brings: ids and the subject are bounded in bytes.
    const messageId = cutUtf8(u.messageId, MAX_ID_BYTES);
    const subject = u.subject ? cutUtf8(u.subject, MAX_ID_BYTES) : undefined;
    const trimmed = references.length > MAX_REFERENCES ? [references[0]!, ...references.slice(-(MAX_REFERENCES - 1))] : references;
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: emailKeys.conversation(u.conversationKey),
        UpdateExpression:
          'SET lastMessageId = :id, #refs = :refs, #type = :type' +
          (u.fromCustomer ? ', lastCustomerMessageId = :id' : '') +
          (subject ? ', subject = if_not_exists(subject, :subject)' : '') +
          (u.supportAddress ? ', supportAddress = if_not_exists(supportAddress, :support)' : ''),
        ExpressionAttributeNames: { '#refs': 'references', '#type': 'type' },
        ExpressionAttributeValues: {
          ':id': messageId,
          ':refs': trimmed,
          ':type': 'email-conversation',
          ...(subject ? { ':subject': subject } : {}),
          ...(u.supportAddress ? { ':support': u.supportAddress } : {}),
        },
      }),
    );
  }

  async getSuppression(address: string): Promise<Suppression | undefined> {
    const item = await this.get(emailKeys.suppression(address));
    return item
      ? {
          address: item.address as string,
          reason: item.reason as string,
          at: item.at as string,
          ...(item.ticketId ? { ticketId: item.ticketId as string } : {}),
        }
      : undefined;
  }

  async suppress(s: Suppression) {
    await this.putIfAbsent({ ...emailKeys.suppression(s.address), type: 'suppression', ...s, address: normaliseAddress('email', s.address) });
  }
}
