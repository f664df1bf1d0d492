import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from '#adapters/aws/dynamodb';
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
import { cutUtf8, utf8Bytes } from '#core/bounds';
import { EmailAddressItems } from '#adapters/email-address-items';
import { emailKeys } from '#adapters/email-keys';
import { INTERACTION_PREFIX, interactionIdOf, keys, normaliseAddress } from '#adapters/table-keys';

export { emailKeys, messageIdKey } from '#adapters/email-keys';

const MAX_REFERENCES = 20;
/** The latest replies of a ticket whose SES ids a quoted one is checked against. */
const SENT_IDS_CHECKED = 50;
/** RFC 5322's line limit: a longer id could not go back out in a header anyway. */
const MAX_ID_BYTES = 998;
const storableId = (id: string) => utf8Bytes(id) <= MAX_ID_BYTES;
const isConditionFailure = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

export class DynamoEmailStore implements EmailStore {
  private readonly addresses: EmailAddressItems;

  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {
    this.addresses = new EmailAddressItems(db, table);
  }

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
   * The item the id was remembered under (a mail that joined a conversation), then the conversation it
   * opened: a remembered id costs one read, not two (a reply to an agent's mail quotes the customer's
   * latest mail, usually remembered), an id that opened its conversation one read more in time, not in
   * units. A stale miss (the quoted mail came in a moment ago) is caught by the next steps: the same
   * sender's same subject joins by the subject window.
   */
  async conversationOfMessageId(messageId: string, openedKey?: string): Promise<KnownMessage | undefined> {
    const byId = (await this.get(emailKeys.threadMessage(messageId)))?.conversationKey as string | undefined;
    if (byId || openedKey === undefined) return byId ? { conversationKey: byId } : undefined;
    const conversation = await this.get(emailKeys.conversation(openedKey));
    return conversation ? { conversationKey: openedKey, conversation: conversationOf(openedKey, conversation) } : undefined;
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

  claimSubject(address: string, subjectKey: string, candidate: string, now: Date, windowStart: Date, count?: SenderCount): Promise<SubjectClaim> {
    return this.addresses.claimSubject(address, subjectKey, candidate, now, windowStart, count);
  }

  countSenderMail(address: string, count: SenderCount, now: Date): Promise<number> {
    return this.addresses.countSenderMail(address, count, now);
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

  /**
   * Read only when a mail names a ticket and quotes nothing but SES's id of a mail of ours: the ticket's
   * latest interactions, of which only the sent replies' provider ids come back.
   */
  async sentProviderIds(ticketId: string): Promise<readonly string[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'attribute_exists(delivery.providerMessageId)',
        ProjectionExpression: 'delivery.providerMessageId',
        ExpressionAttributeValues: { ':pk': keys.ticket(ticketId).pk, ':prefix': INTERACTION_PREFIX },
        ScanIndexForward: false,
        Limit: SENT_IDS_CHECKED,
      }),
    );
    return (out.Items ?? []).map((i) => String((i.delivery as { providerMessageId: string }).providerMessageId));
  }

  async getConversation(conversationKey: string): Promise<EmailConversation | undefined> {
    const item = await this.get(emailKeys.conversation(conversationKey));
    return item ? conversationOf(conversationKey, item) : undefined;
  }

  async recordConversationMessage(u: ConversationMessage, known?: EmailConversation | null): Promise<EmailConversation | undefined> {
    // null: the message opens the conversation. Written only if still absent, so a replay of the
    // first mail never rolls back what later mails recorded.
    const current = known === undefined ? await this.getConversation(u.conversationKey) : (known ?? undefined);
    const chain = [...(current?.references ?? []), ...(current?.lastMessageId ? [current.lastMessageId] : []), ...(u.references ?? [])];
    const references = [...new Set(chain)].filter((id) => id !== u.messageId && storableId(id));
    // The item stays small whatever the mail brings: ids and the subject are bounded in bytes.
    const messageId = cutUtf8(u.messageId, MAX_ID_BYTES);
    const subject = u.subject ? cutUtf8(u.subject, MAX_ID_BYTES) : undefined;
    const customerName = u.fromCustomer && u.customerName ? cutUtf8(u.customerName, 200) : undefined;
    const trimmed = references.length > MAX_REFERENCES ? [references[0]!, ...references.slice(-(MAX_REFERENCES - 1))] : references;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: emailKeys.conversation(u.conversationKey),
          UpdateExpression:
            'SET lastMessageId = :id, #refs = :refs, #type = :type' +
            (u.fromCustomer ? ', lastCustomerMessageId = :id' : '') +
            (customerName ? ', customerName = :name' : '') +
            (subject ? ', subject = if_not_exists(subject, :subject)' : '') +
            (u.supportAddress ? ', supportAddress = if_not_exists(supportAddress, :support)' : '') +
            // A conversation this version opens keeps its ticket here (the pipeline's thread for e-mail).
            (current ? '' : ', holdsThread = :true'),
          ...(known === null ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
          ExpressionAttributeNames: { '#refs': 'references', '#type': 'type' },
          ExpressionAttributeValues: {
            ':id': messageId,
            ':refs': trimmed,
            ':type': 'email-conversation',
            ...(subject ? { ':subject': subject } : {}),
            ...(customerName ? { ':name': customerName } : {}),
            ...(u.supportAddress ? { ':support': u.supportAddress } : {}),
            ...(current ? {} : { ':true': true }),
          },
        }),
      );
    } catch (e) {
      if (!(known === null && isConditionFailure(e))) throw e;
    }
    return current;
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
    ...(item.ticketId ? { ticketId: item.ticketId as string } : {}),
    ...(item.customerName ? { customerName: item.customerName as string } : {}),
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
