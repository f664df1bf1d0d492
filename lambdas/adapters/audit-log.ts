import { PutCommand, QueryCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import type { AuditLog, AuditQuery, AuditRecord } from '#core/audit';
import { ValidationError } from '#core/errors';
import { monthsBetween } from './agent-store';
import { AUDIT_PREFIX, keys } from './table-keys';

const DAY_S = 86_400;
/** Items one Query reads at most while filling a filtered page; a page stops after MAX_READS of them. */
const READ_SIZE = 200;
const MAX_READS = 10;

/** A sort key (`<at>#<id>`) as the opaque position of the next page. */
const encodeCursor = (sk: string) => Buffer.from(sk, 'utf8').toString('base64url');
const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z#[\w.:-]{1,200}$/;
function decodeCursor(cursor: string): string {
  const sk = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!POSITION.test(sk)) throw new ValidationError('cursor is not valid', [{ path: 'cursor', message: 'not a cursor from this list' }]);
  return sk;
}

/**
 * The audit trail in the table: one partition per month (`AUDIT#2026-12`), sorted by time, each
 * record expiring `retentionDays` after it was written (the table's TTL attribute). Admin actions and
 * sign-ins are a few thousand a month: a month's partition is far from any limit, and listing a range
 * newest first is one Query per month (filters on actor and action applied by DynamoDB).
 */
export function dynamoAuditLog(doc: DocumentClient, table: string, retentionDays: number): AuditLog {
  return {
    async record(entry) {
      const { before, after, ...rest } = entry;
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.audit(entry.at, entry.id),
            type: 'audit',
            ...rest,
            // As JSON text: any shape fits, and a record's size is what its text is.
            ...(before !== undefined ? { before: JSON.stringify(before) } : {}),
            ...(after !== undefined ? { after: JSON.stringify(after) } : {}),
            expiresAt: Math.floor(Date.parse(entry.at) / 1000) + retentionDays * DAY_S,
          },
        }),
      );
    },

    async list(q: AuditQuery) {
      const position = q.cursor ? decodeCursor(q.cursor) : undefined;
      const upper = position ?? `${q.to}~`;
      const items: AuditRecord[] = [];
      let reads = 0;
      // The last sort key read (kept or filtered out): out of reads, the next page goes on from it.
      let lastSeen: string | undefined;
      const filters: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = {};
      if (q.actor) {
        filters.push('(#actor.#id = :actor OR #actor.#email = :actor)');
        Object.assign(names, { '#actor': 'actor', '#id': 'id', '#email': 'email' });
        values[':actor'] = q.actor;
      }
      if (q.action) {
        filters.push('#action = :action');
        names['#action'] = 'action';
        values[':action'] = q.action;
      }
      for (const month of monthsBetween(q.from, upper.slice(0, 10)).reverse()) {
        let start: Record<string, unknown> | undefined;
        do {
          if (reads === MAX_READS) return { items, next: lastSeen ? encodeCursor(lastSeen) : null };
          reads++;
          const page = await doc.send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
              ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
              ExpressionAttributeValues: { ':pk': `${AUDIT_PREFIX}${month}`, ':from': q.from, ':to': upper, ...values },
              ScanIndexForward: false,
              Limit: READ_SIZE,
              ...(start ? { ExclusiveStartKey: start } : {}),
            }),
          );
          for (const item of page.Items ?? []) {
            // BETWEEN includes its upper bound: the record at the position was on the page before.
            if (item.sk === position) continue;
            lastSeen = String(item.sk);
            items.push(recordOf(item));
            if (items.length === q.limit) return { items, next: encodeCursor(String(item.sk)) };
          }
          start = page.LastEvaluatedKey;
          if (start) lastSeen = String(start.sk);
        } while (start);
      }
      return { items, next: null };
    },
  };
}

function recordOf(item: Record<string, unknown>): AuditRecord {
  const { pk: _pk, sk: _sk, type: _type, expiresAt: _exp, before, after, ...rest } = item;
  return {
    ...(rest as unknown as AuditRecord),
    ...(typeof before === 'string' ? { before: JSON.parse(before) } : {}),
    ...(typeof after === 'string' ? { after: JSON.parse(after) } : {}),
  };
}
