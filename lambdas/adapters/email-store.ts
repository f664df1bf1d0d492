import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  ConversationMessage,
  EmailConversation,
  EmailStore,
  KnownMessage,
  SenderCount,
  SendingContext,
  SentMessageRef,
  SubjectClaim,
  Suppression,
  TicketSummary,
} from '#channels/email/ports';
import { cutUtf8, keyPart, utf8Bytes } from '#core/bounds';
import {
  countMail,
  emptySender,
  epochSeconds,
  hourOf,
  type SenderState,
  type SubjectEntry,
  senderStateOf,
  subjectSlot,
  withSubject,
} from '#adapters/email-sender-state';
import { interactionIdOf, keys, normaliseAddress } from '#adapters/table-keys';

/**
 * E-mail items of the single table (see lambdas/definitions/table.ts):
 *   THREADMSG#<message-id>              / THREADMSG   Message-ID → conversation: a customer's mail that joined
 *                                                     a conversation (earlier versions also kept our own ids,
 *                                                     SES's ids of our mails, and every customer's)
 *   EMAILFROM#<address>                 / EMAILFROM   an address's latest subjects (→ conversation, last used
 *                                                     at) and its mails counted this hour (TTL)
 *   EMAILSUBJ#<address>#<subject>       / EMAILSUBJ   a subject claimed by an earlier version (read, not written)
 *   EMAILCONV#<conversation>            / EMAILCONV   latest Message-ID, references, first subject; a thread's
 *                                                     first mail is found by it (the key derives from its id)
 *   RATE#<counter>                      / RATE        distinct messages in an hour (TTL): other counters
 *   SUPPRESS#<address>                  / SUPPRESS    bounced or complained address, and why
 */
export const emailKeys = {
  threadMessage: (id: string) => ({ pk: `THREADMSG#${messageIdKey(id)}`, sk: 'THREADMSG' }),
  sender: (address: string) => ({ pk: `EMAILFROM#${keyPart(normaliseAddress('email', address))}`, sk: 'EMAILFROM' }),
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
/** SES ids of our latest mails kept on the conversation: enough for the replies that quote only one. */
const MAX_SENT_IDS = 5;
/** RFC 5322's line limit: a longer id could not go back out in a header anyway. */
const MAX_ID_BYTES = 998;
const storableId = (id: string) => utf8Bytes(id) <= MAX_ID_BYTES;
const isConditionFailure = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

export class DynamoEmailStore implements EmailStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Every read here is eventually consistent (half a unit): what it reads was written before the mail
   * that asks for it existed (a ticket or identity before our mail naming it went out, a conversation
   * before the message answering it was queued), and each place says what a stale miss costs.
   */
  private async get(key: { pk: string; sk: string }) {
    return (await this.db.send(new GetCommand({ TableName: this.table, Key: key }))).Item;
  }

  /** Several items in one request; a missing one is absent from the answer. */
  private async getAll(keys: readonly { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
    const out = await this.db.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: [...keys] } } }));
    const items = out.Responses?.[this.table] ?? [];
    const unprocessed = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
    // Throttled keys come back unprocessed: read them one by one rather than report them missing.
    const retried = await Promise.all(unprocessed.map((k) => this.get(k as { pk: string; sk: string })));
    return [...items, ...retried.filter((i) => i !== undefined)];
  }

  private async putIfAbsent(item: Record<string, unknown>) {
    try {
      await this.db.send(new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }

  /**
   * One read for both places an id may be known. A stale miss (the quoted mail came in a moment ago)
   * is caught by the next steps: the same sender's same subject joins by the subject window.
   */
  async conversationOfMessageId(messageId: string, openedKey?: string): Promise<KnownMessage | undefined> {
    const remembered = emailKeys.threadMessage(messageId);
    if (openedKey === undefined) {
      const conversationKey = (await this.get(remembered))?.conversationKey as string | undefined;
      return conversationKey ? { conversationKey } : undefined;
    }
    const opened = emailKeys.conversation(openedKey);
    const items = await this.getAll([remembered, opened]);
    const byId = items.find((i) => i.pk === remembered.pk)?.conversationKey as string | undefined;
    const conversation = items.find((i) => i.pk === opened.pk);
    const conversationKey = byId ?? (conversation ? openedKey : undefined);
    if (!conversationKey) return undefined;
    return conversation && conversationKey === openedKey ? { conversationKey, conversation: conversationOf(openedKey, conversation) } : { conversationKey };
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

  /**
   * The subject's conversation, from the address's item (or, claimed before that item existed, its own
   * EMAILSUBJ item); free or its window over, it is claimed for `candidate`, and the mail counted
   * toward the address's hour in the same write. Joined, the window moves to this mail.
   */
  async claimSubject(address: string, subjectKey: string, candidate: string, now: Date, windowStart: Date, count?: SenderCount): Promise<SubjectClaim> {
    const slot = subjectSlot(subjectKey);
    const start = epochSeconds(windowStart);
    let legacy: Promise<SubjectEntry | undefined> | undefined;
    return this.changeSender(address, async (found) => {
      const state = found ?? emptySender(now);
      let held = state.subjects[slot];
      if (held && held.at < start) held = undefined;
      if (!held && state.since >= windowStart.toISOString()) {
        legacy ??= this.legacySubject(address, subjectKey);
        const old = await legacy;
        if (old && old.at >= start) held = old;
      }
      if (held && held.c !== candidate) {
        // Joined: the window runs from the latest mail of the conversation.
        return {
          next: withSubject(state, slot, { c: held.c, at: Math.max(held.at, epochSeconds(now)) }, windowStart, now),
          result: { conversationKey: held.c },
        };
      }
      // The subject is this mail's: claimed now, or claimed by this mail before (a replay).
      const claimed = withSubject(state, slot, held ?? { c: candidate, at: epochSeconds(now) }, windowStart, now);
      const counted = count && countMail(claimed, count.member, count.cap, now);
      const own = state.subjects[slot];
      const replay = own && own.at >= start && own.c === candidate && (!count || (state.hour === hourOf(now) && state.members.includes(count.member)));
      const result = { conversationKey: candidate, ...(counted ? { senderCount: counted.count } : {}) };
      return { next: replay ? undefined : (counted?.state ?? claimed), result };
    });
  }

  async countSenderMail(address: string, count: SenderCount, now: Date): Promise<number> {
    return this.changeSender(address, async (found) => {
      const counted = countMail(found ?? emptySender(now), count.member, count.cap, now);
      const unchanged = found && found.hour === counted.state.hour && found.members.length === counted.state.members.length;
      return { next: unchanged ? undefined : counted.state, result: counted.count };
    });
  }

  /**
   * Read, change, write back if nobody wrote meanwhile (a version number). The first read is eventually
   * consistent: a stale one costs only a failed condition and another try, which reads consistently.
   */
  private async changeSender<T>(
    address: string,
    change: (found: SenderState | undefined) => Promise<{ next: SenderState | undefined; result: T }>,
  ): Promise<T> {
    const key = emailKeys.sender(address);
    for (let attempt = 0; attempt < 5; attempt++) {
      const item = (await this.db.send(new GetCommand({ TableName: this.table, Key: key, ...(attempt ? { ConsistentRead: true } : {}) }))).Item;
      const { next, result } = await change(item ? senderStateOf(item) : undefined);
      if (!next) return result;
      const version = Number(item?.v ?? 0);
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...key, type: 'email-sender', ...next, v: version + 1 },
            ConditionExpression: item ? 'v = :v' : 'attribute_not_exists(pk)',
            ...(item ? { ExpressionAttributeValues: { ':v': version } } : {}),
          }),
        );
        return result;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    }
    // Lambda retries the mail; every step before this one is safe to repeat.
    throw new Error(`the e-mail sender item of ${address} changed under five writes in a row`);
  }

  /** A subject claimed by an earlier version, in its own item. */
  private async legacySubject(address: string, subjectKey: string): Promise<SubjectEntry | undefined> {
    const item = await this.get(emailKeys.subject(address, subjectKey));
    return item ? { c: item.conversationKey as string, at: epochSeconds(new Date(item.at as string)) } : undefined;
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
    return item ? conversationOf(conversationKey, item) : undefined;
  }

  async recordConversationMessage(u: ConversationMessage, known?: EmailConversation | null) {
    // null: the message opens the conversation. Written only if still absent, so a replay of the
    // first mail never rolls back what later mails recorded.
    const current = known === undefined ? await this.getConversation(u.conversationKey) : (known ?? undefined);
    const chain = [...(current?.references ?? []), ...(current?.lastMessageId ? [current.lastMessageId] : []), ...(u.references ?? [])];
    const references = [...new Set(chain)].filter((id) => id !== u.messageId && storableId(id));
    // The item stays small whatever the mail brings: ids and the subject are bounded in bytes.
    const messageId = cutUtf8(u.messageId, MAX_ID_BYTES);
    const subject = u.subject ? cutUtf8(u.subject, MAX_ID_BYTES) : undefined;
    const trimmed = references.length > MAX_REFERENCES ? [references[0]!, ...references.slice(-(MAX_REFERENCES - 1))] : references;
    const sentIds = u.sentId ? [...(current?.sentIds ?? []).filter((id) => id !== u.sentId), u.sentId].slice(-MAX_SENT_IDS) : undefined;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: emailKeys.conversation(u.conversationKey),
          UpdateExpression:
            'SET lastMessageId = :id, #refs = :refs, #type = :type' +
            (u.fromCustomer ? ', lastCustomerMessageId = :id' : '') +
            (subject ? ', subject = if_not_exists(subject, :subject)' : '') +
            (u.supportAddress ? ', supportAddress = if_not_exists(supportAddress, :support)' : '') +
            (sentIds ? ', sentIds = :sent' : ''),
          ...(known === null ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
          ExpressionAttributeNames: { '#refs': 'references', '#type': 'type' },
          ExpressionAttributeValues: {
            ':id': messageId,
            ':refs': trimmed,
            ':type': 'email-conversation',
            ...(subject ? { ':subject': subject } : {}),
            ...(u.supportAddress ? { ':support': u.supportAddress } : {}),
            ...(sentIds ? { ':sent': sentIds } : {}),
          },
        }),
      );
    } catch (e) {
      if (!(known === null && isConditionFailure(e))) throw e;
    }
  }

  /**
   * One read before a send. A suppression stored a moment ago may be missed once: SES's own
   * suppression list refuses that address too. The conversation was recorded before the message
   * answering it was queued.
   */
  async sendingContext(address: string, conversationKey: string): Promise<SendingContext> {
    const suppressionKey = emailKeys.suppression(address);
    const conversationKey_ = emailKeys.conversation(conversationKey);
    const items = await this.getAll([suppressionKey, conversationKey_]);
    const suppression = items.find((i) => i.pk === suppressionKey.pk);
    const conversation = items.find((i) => i.pk === conversationKey_.pk);
    return {
      ...(suppression ? { suppression: suppressionOf(suppression) } : {}),
      ...(conversation ? { conversation: conversationOf(conversationKey, conversation) } : {}),
    };
  }

  async suppress(s: Suppression) {
    await this.putIfAbsent({ ...emailKeys.suppression(s.address), type: 'suppression', ...s, address: normaliseAddress('email', s.address) });
  }
}

function conversationOf(conversationKey: string, item: Record<string, unknown>): EmailConversation {
  return {
    conversationKey,
    ...(item.subject ? { subject: item.subject as string } : {}),
    ...(item.supportAddress ? { supportAddress: item.supportAddress as string } : {}),
    ...(item.lastMessageId ? { lastMessageId: item.lastMessageId as string } : {}),
    ...(item.lastCustomerMessageId ? { lastCustomerMessageId: item.lastCustomerMessageId as string } : {}),
    references: (item.references as string[] | undefined) ?? [],
    ...(item.sentIds ? { sentIds: item.sentIds as string[] } : {}),
  };
}

function suppressionOf(item: Record<string, unknown>): Suppression {
  return {
    address: item.address as string,
    reason: item.reason as string,
    at: item.at as string,
    ...(item.ticketId ? { ticketId: item.ticketId as string } : {}),
  };
}
