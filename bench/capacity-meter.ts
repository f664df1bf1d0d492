/**
 * Write units of every DynamoDB call a client makes, two ways: as DynamoDB reports them
 * (ReturnConsumedCapacity INDEXES on every call) and as AWS's published rules price them from the
 * items' sizes before and after each write: 1 unit per KB (rounded up) of the larger image, for the
 * table and for each index the item is in (an index whose key changes: a delete and a put), doubled
 * in a transaction. DynamoDB Local's own figures are what its engine reports; the rules' figure is
 * what AWS bills.
 */
import { type DynamoDBClient, GetItemCommand, type AttributeValue, type ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { tableSchema, type TableSchema } from '#definitions/table';

type Item = Record<string, AttributeValue>;
type Key = { pk: string; sk: string };

export interface MeteredCall {
  readonly command: string;
  readonly keys: readonly Key[];
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly writeUnitsByRules: number;
}

/** The size DynamoDB gives a value: names and values in UTF-8 bytes, numbers by their digits, containers 3 bytes + 1 per element. */
function valueBytes(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\.|^0+|e.*$/gi, '').length / 2) + 1;
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (v.NS) return v.NS.reduce((n, s) => n + valueBytes({ N: s }), 0);
  if (v.L) return 3 + v.L.reduce((n, e) => n + 1 + valueBytes(e), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + valueBytes(e), 0);
  return 0;
}

export const itemBytes = (item: Item | undefined): number =>
  item ? Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueBytes(v), 0) : 0;

const kb = (bytes: number) => (bytes ? Math.max(1, Math.ceil(bytes / 1024)) : 0);

type IndexSchema = TableSchema['indexes'][number] & { readonly include?: readonly string[] };

/**
 * The attributes an index entry holds: every attribute (ALL), or the table's and the index's keys
 * plus those it includes. A schema that names `include` on any index projects: the others hold keys only.
 */
function projected(schema: TableSchema, index: IndexSchema, item: Item | undefined): Item | undefined {
  const projects = schema.indexes.some((i) => (i as IndexSchema).include);
  if (!item || !projects) return item;
  const names = new Set([schema.partitionKey, schema.sortKey ?? '', index.partitionKey, index.sortKey, ...(index.include ?? [])]);
  return Object.fromEntries(Object.entries(item).filter(([k]) => names.has(k)));
}

/** The same for equal items whatever order DynamoDB returns their attributes in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

/** One item's write by the rules, from its images before and after. */
export function writeUnitsByRules(before: Item | undefined, after: Item | undefined, transactional: boolean, schema: TableSchema = tableSchema): number {
  let units = kb(Math.max(itemBytes(before), itemBytes(after))) || 1;
  for (const index of schema.indexes as readonly IndexSchema[]) {
    const keyOf = (i: Item | undefined) =>
      i?.[index.partitionKey] && i[index.sortKey] ? JSON.stringify([i[index.partitionKey], i[index.sortKey]]) : undefined;
    const [was, is] = [keyOf(before), keyOf(after)];
    const [entryBefore, entryAfter] = [projected(schema, index, before), projected(schema, index, after)];
    if (!was && !is) continue;
    if (was && is && was === is) {
      // Same entry: rewritten only when an attribute it holds changed.
      if (canonical(entryBefore) !== canonical(entryAfter)) units += kb(Math.max(itemBytes(entryBefore), itemBytes(entryAfter)));
    } else {
      // The key changed: the old entry is deleted and the new one put.
      units += (was ? kb(itemBytes(entryBefore)) : 0) + (is ? kb(itemBytes(entryAfter)) : 0);
    }
  }
  return transactional ? 2 * units : units;
}

const sum = (c: ConsumedCapacity[] | ConsumedCapacity | undefined) => (Array.isArray(c) ? c : c ? [c] : []).reduce((n, x) => n + (x.CapacityUnits ?? 0), 0);

/** The keys a write command touches (input before the document client marshals it: plain values). */
function writtenKeys(command: string, input: Record<string, any>): { keys: Key[]; transactional: boolean } | undefined {
  const keyOf = (x: { Key?: Key; Item?: Key }) => x.Key ?? { pk: x.Item!.pk, sk: x.Item!.sk };
  if (/^(PutItem|UpdateItem|DeleteItem)Command$/.test(command)) return { keys: [keyOf(input)], transactional: false };
  if (command === 'TransactWriteItemsCommand') {
    const keys = (input.TransactItems as Record<string, any>[]).flatMap((t) => (t.ConditionCheck ? [] : [keyOf(t.Put ?? t.Update ?? t.Delete)]));
    return { keys, transactional: true };
  }
  if (command === 'BatchWriteItemCommand') {
    const keys = Object.values(input.RequestItems as Record<string, any[]>)
      .flat()
      .map((r) => keyOf(r.PutRequest ?? r.DeleteRequest));
    return { keys, transactional: false };
  }
  return undefined;
}

/**
 * Meters a client: every call asks for its consumed capacity; every write's items are read before and
 * after (through `peek`, a second, unmetered client) to price it by the rules. Read the calls with take().
 */
export function meterCapacity(client: DynamoDBClient, peek: DynamoDBClient, tableName: string, schema: TableSchema = tableSchema): { take(): MeteredCall[] } {
  const get = async (k: Key) => (await peek.send(new GetItemCommand({ TableName: tableName, Key: marshall(k), ConsistentRead: true }))).Item;
  let calls: MeteredCall[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const input = args.input as Record<string, any>;
      input.ReturnConsumedCapacity = 'INDEXES';
      const written = writtenKeys(command, input);
      const before = written ? await Promise.all(written.keys.map(get)) : [];
      const out = await next(args);
      const consumed = (out.output as { ConsumedCapacity?: ConsumedCapacity[] | ConsumedCapacity }).ConsumedCapacity;
      const after = written ? await Promise.all(written.keys.map(get)) : [];
      calls.push({
        command,
        keys: written?.keys ?? (input.Key ? [input.Key as Key] : []),
        readUnits: written ? 0 : sum(consumed),
        writeUnits: written ? sum(consumed) : 0,
        writeUnitsByRules: written ? written.keys.reduce((n, _, i) => n + writeUnitsByRules(before[i], after[i], written.transactional, schema), 0) : 0,
      });
      return out;
    },
    { step: 'initialize', name: 'capacityMeter' },
  );
  return {
    take() {
      const taken = calls;
      calls = [];
      return taken;
    },
  };
}
