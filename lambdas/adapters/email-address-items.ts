import { GetCommand, PutCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import type { SenderCount, SubjectClaim } from '#channels/email/ports';
import { emailKeys } from '#adapters/email-keys';
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

const isConditionFailure = (e: unknown) => (e as Error).name === 'ConditionalCheckFailedException';

/** The EMAILFROM#<address> items (see email-sender-state): subject claims and the per-sender count, one write. */
export class EmailAddressItems {
  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
  ) {}

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

  /** A subject claimed by an earlier version, in its own item (eventually consistent: it is old). */
  private async get(key: { pk: string; sk: string }) {
    return (await this.db.send(new GetCommand({ TableName: this.table, Key: key }))).Item;
  }
}
