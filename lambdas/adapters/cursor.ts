import * as z from 'zod/mini';
import '#definitions/zod-messages';
import { ValidationError } from '#core/errors';
import { tableSchema, type IndexName } from '#definitions/table';
import { interactionSortKey } from './table-keys';

/**
 * The one pagination cursor codec. A cursor is the opaque, URL-safe form of DynamoDB's
 * LastEvaluatedKey, tagged with the list it pages. Decoding checks everything DynamoDB would refuse
 * with an error (so a crafted cursor is a 400, never a 500): the tag, exactly the key attributes of
 * the table or index, the Query's own partition, and a sort key inside the Query's range.
 */
export interface CursorScope {
  /** Which list (and whose): a cursor of one list is refused on another. */
  readonly list: string;
  /** The index the Query reads; none for the table itself. */
  readonly index?: IndexName;
  /** The Query's partition key value. */
  readonly partition: string;
  /** The Query's begins_with on the sort key, when it has one. */
  readonly sortPrefix?: string;
}

// Built on first use: every function that lists something imports this module, few decode a cursor at once.
const envelopeSchema = z.lazy(() =>
  z.strictObject({
    i: z.string().check(z.maxLength(2048)),
    k: z.record(z.string(), z.string().check(z.minLength(1), z.maxLength(2048))),
  }),
);

function keyAttributes(index: IndexName | undefined): { partition: string; sort: string; all: string[] } {
  const table = [tableSchema.partitionKey, tableSchema.sortKey];
  if (!index) return { partition: tableSchema.partitionKey, sort: tableSchema.sortKey, all: table };
  const idx = tableSchema.indexes.find((i) => i.name === index)!;
  return { partition: idx.partitionKey, sort: idx.sortKey, all: [...table, idx.partitionKey, idx.sortKey] };
}

/** The attributes of an ExclusiveStartKey on the table or one of its indexes. */
export const keyAttributeNames = (index: IndexName | undefined): readonly string[] => keyAttributes(index).all;

const invalid = () => new ValidationError('cursor is not valid', [{ path: 'cursor', message: 'not a cursor from this list' }]);

/** The JSON inside a cursor's base64url, or a ValidationError; its shape is the caller's to check. */
function readEnvelope(cursor: string): unknown {
  if (cursor.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
}

export function encodeCursor(scope: CursorScope, key: Record<string, unknown> | undefined): string | null {
  return key ? Buffer.from(JSON.stringify({ i: scope.list, k: key })).toString('base64url') : null;
}

/** The ExclusiveStartKey a cursor names, or a ValidationError; no cursor → undefined. */
export function decodeCursor(scope: CursorScope, cursor: string | undefined): Record<string, string> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const parsed = envelopeSchema.safeParse(readEnvelope(cursor));
  if (!parsed.success || parsed.data.i !== scope.list) throw invalid();
  const key = parsed.data.k;
  const attrs = keyAttributes(scope.index);
  const names = Object.keys(key);
  if (names.length !== attrs.all.length || !attrs.all.every((a) => a in key)) throw invalid();
  if (key[attrs.partition] !== scope.partition) throw invalid();
  if (scope.sortPrefix !== undefined && !key[attrs.sort]!.startsWith(scope.sortPrefix)) throw invalid();
  return key;
}

/**
 * The chat history's `after`: the id (Interaction.key) of a message the widget has, as the sort key the
 * Query reads BETWEEN it and the end of the interactions; anything else is refused here. Ids pushed
 * before the domain's id lost the sort-key prefix carry it: both forms are accepted.
 */
const HISTORY_CURSOR = /^(INTERACTION#)?[0-9TZ:.+-]{10,40}#[A-Za-z0-9_.-]{1,64}$/;

export function decodeHistoryCursor(after: string): string {
  if (!HISTORY_CURSOR.test(after))
    throw new ValidationError('after is not a cursor from this API', [{ path: 'after', message: 'the id of a message in this history' }]);
  return interactionSortKey(after);
}

/**
 * A sharded view's cursor: the view it pages and the sort key it has read up to (sort keys end in the
 * ticket id, so one is a position in every shard). Anything else, or a position outside the view's
 * range, is refused as a bad cursor.
 */
export function encodeViewCursor(view: string, after: string): string {
  return Buffer.from(JSON.stringify({ i: view, s: after })).toString('base64url');
}

const viewEnvelopeSchema = z.lazy(() => z.strictObject({ i: z.string().check(z.maxLength(2048)), s: z.string().check(z.regex(/^[\x21-\x7e]{1,512}$/)) }));

/** The sort key a view cursor resumes after, or a ValidationError; no cursor → undefined. */
export function decodeViewCursor(view: string, cursor: string | undefined, prefix: string): string | undefined {
  if (cursor === undefined) return undefined;
  const parsed = viewEnvelopeSchema.safeParse(readEnvelope(cursor));
  if (!parsed.success || parsed.data.i !== view || !parsed.data.s.startsWith(prefix)) throw invalid();
  return parsed.data.s;
}
