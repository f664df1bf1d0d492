/**
 * A recording HTTP proxy in front of DynamoDB Local. It asks for ReturnConsumedCapacity "INDEXES" on
 * every request (DynamoDB Local does not check signatures, so the changed body needs no re-signing),
 * records what each answer consumed, and, for every write, reads the items it touches just before and
 * just after (directly, not through the proxy) so that write units can also be computed by AWS's rules.
 * Writes pass one at a time so that "before" and "after" belong to that write. Each function is given
 * its own endpoint (`callerEndpoint`: its name in the path), so every call is attributed to the
 * function that made it, however many run at once (the change feed's consumers run beside the pipeline).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { itemSize, writeUnitsByRules, type IndexShape, type Item } from './item-size';

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
/** The first part of the path that names the calling function. */
const CALLER_PATH = 'caller';
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

export interface Recorded {
  readonly at: number;
  /** Who made the request: the function its endpoint's path names (`callerEndpoint`), `none` without one. */
  readonly by: string;
  readonly operation: string;
  readonly readUnits: number;
  /** GetItem and BatchGetItem by AWS's rules on the items returned (DynamoDB Local under-reports batches); other reads as measured. */
  readonly readUnitsByRules: number;
  readonly writeUnits: number;
  readonly writeUnitsByRules: number;
  readonly failed: boolean;
  /** What DynamoDB Local reported, and the rules' figure per item written (for reading the numbers). */
  readonly consumed: unknown;
  readonly items: readonly { key: string; kind: string; bytesBefore: number; bytesAfter: number; units: { table: number; index: number } }[];
  /** What a read asked for: each key (`pk / sk`), or a Query's or Scan's partition (`pk`, or `index:<name> <pk>`). */
  readonly reads: readonly string[];
}

interface Target {
  table: string;
  key: Record<string, AttributeValue>;
  kind: 'put' | 'update' | 'delete' | 'check';
}

interface TableShape {
  keys: string[];
  indexes: IndexShape[];
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export class RecordingProxy {
  readonly records: Recorded[] = [];
  private server?: Server;
  private endpoint?: string;
  private endpointReady!: (e: string) => void;
  private readonly endpointKnown = new Promise<string>((r) => (this.endpointReady = r));
  private direct?: DynamoDBClient;
  private readonly shapes = new Map<string, Promise<TableShape>>();
  private writeChain: Promise<unknown> = Promise.resolve();

  /** The endpoint a function is given: its name in the path, which the proxy strips before forwarding. */
  callerEndpoint(proxyUrl: string, functionName: string): string {
    return `${proxyUrl}/${CALLER_PATH}/${functionName}`;
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req).then(
        ({ status, headers, body }) => {
          res.writeHead(status, headers);
          res.end(body);
        },
        (e: Error) => {
          res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: `capacity proxy: ${e.message}` }));
        },
      );
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** DynamoDB Local's address: known only once the stack has started it; requests wait until then. */
  forwardTo(endpoint: string): void {
    this.endpoint = endpoint;
    this.direct = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'capacity', secretAccessKey: 'capacity' } });
    this.endpointReady(endpoint);
  }

  close(): Promise<void> {
    this.direct?.destroy();
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: IncomingMessage) {
    const caller = new RegExp(`^/${CALLER_PATH}/([^/]+)`).exec(req.url ?? '');
    const by = caller?.[1] ?? 'none';
    const path = caller ? req.url!.slice(caller[0].length) || '/' : (req.url ?? '/');
    const body = await readBody(req);
    await this.endpointKnown;
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, any>) : {};
    const asked = input.ReturnConsumedCapacity;
    if (READS.has(operation) || WRITES.has(operation)) input.ReturnConsumedCapacity = 'INDEXES';
    if (!WRITES.has(operation)) return this.forward(req, path, input, operation, by, asked, () => Promise.resolve([]));
    // Writes one at a time: "before" and "after" of each item belong to this write.
    const run = this.writeChain.then(async () => {
      const tables = writeTables(operation, input);
      const shapes = new Map(await Promise.all(tables.map(async (t) => [t, await this.shape(t)] as const)));
      const targets = writeTargets(operation, input, (t) => shapes.get(t)!.keys);
      const before = await Promise.all(targets.map((t) => this.read(t)));
      return this.forward(req, path, input, operation, by, asked, async (failed) => {
        const after = await Promise.all(targets.map((t) => this.read(t)));
        const transactional = operation === 'TransactWriteItems';
        return targets.map((t, i) => {
          // A failed condition, or a transaction's condition check, costs the item's size without index writes.
          const units =
            failed || t.kind === 'check'
              ? writeUnitsByRules(before[i], before[i], [], transactional)
              : writeUnitsByRules(before[i], after[i], shapes.get(t.table)!.indexes, transactional);
          const key = Object.values(t.key)
            .map((v) => v.S ?? v.N)
            .join(' / ');
          return { key, kind: t.kind, bytesBefore: itemSize(before[i]), bytesAfter: itemSize(after[i]), units: { table: units.table, index: units.index } };
        });
      });
    });
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  private async forward(
    req: IncomingMessage,
    path: string,
    input: object,
    operation: string,
    by: string,
    asked: unknown,
    rules: (failed: boolean) => Promise<Recorded['items']>,
  ) {
    const payload = Buffer.from(JSON.stringify(input));
    const headers = { ...req.headers, 'content-length': String(payload.length) };
    delete headers['accept-encoding'];
    const target = new URL(this.endpoint!);
    const answer = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path, headers }, (res) => {
        readBody(res).then((b) => resolve({ status: res.statusCode ?? 500, headers: res.headers, body: b }), reject);
      });
      out.on('error', reject);
      out.end(payload);
    });
    const parsed = answer.body.length ? (JSON.parse(answer.body.toString('utf8')) as Record<string, any>) : {};
    const failed = answer.status >= 400;
    const consumed = ([] as any[]).concat(parsed.ConsumedCapacity ?? []);
    const units = consumed.reduce((a, c) => a + (c.CapacityUnits ?? 0), 0);
    const items = WRITES.has(operation) ? await rules(failed) : [];
    const readUnits = READS.has(operation) ? units : 0;
    this.records.push({
      at: performance.now(),
      by,
      operation,
      readUnits,
      readUnitsByRules: failed ? 0 : await this.readsByRules(operation, input as Record<string, any>, parsed, readUnits),
      writeUnits: WRITES.has(operation) ? units : 0,
      writeUnitsByRules: items.reduce((a, i) => a + i.units.table + i.units.index, 0),
      failed,
      consumed: parsed.ConsumedCapacity,
      items,
      reads: READS.has(operation) ? await this.readTargets(operation, input as Record<string, any>) : [],
    });
    // The caller gets the answer it asked for: consumed capacity only if it asked, no stale checksum.
    if (asked === undefined || asked === 'NONE') delete parsed.ConsumedCapacity;
    const body = answer.body.length ? Buffer.from(JSON.stringify(parsed)) : answer.body;
    const outHeaders: Record<string, string | string[] | undefined> = { ...answer.headers, 'content-length': String(body.length) };
    delete outHeaders['x-amz-crc32'];
    return { status: answer.status, headers: outHeaders, body };
  }

  /**
   * AWS's rules for reads by key: each item read costs one unit per started 4 KB, half that when
   * eventually consistent, and at least that much when the key holds nothing; in a BatchGetItem each
   * key counts as its own GetItem (keys returned unprocessed are read, and counted, on the retry).
   */
  private async readsByRules(operation: string, input: Record<string, any>, output: Record<string, any>, measured: number): Promise<number> {
    const perItem = (item: Item | undefined, consistent: boolean) => Math.max(1, Math.ceil(itemSize(item) / 4096)) * (consistent ? 1 : 0.5);
    if (operation === 'GetItem') return perItem(output.Item, input.ConsistentRead === true);
    if (operation !== 'BatchGetItem') return measured;
    let units = 0;
    for (const [table, request] of Object.entries(input.RequestItems as Record<string, { Keys: Item[]; ConsistentRead?: boolean }>)) {
      const { keys } = await this.shape(table);
      const id = (i: Item) => keys.map((k) => JSON.stringify(i[k])).join('|');
      const found = new Map(((output.Responses?.[table] ?? []) as Item[]).map((i) => [id(i), i]));
      const unprocessed = new Set(((output.UnprocessedKeys?.[table]?.Keys ?? []) as Item[]).map(id));
      for (const key of request.Keys) if (!unprocessed.has(id(key))) units += perItem(found.get(id(key)), request.ConsistentRead === true);
    }
    return units;
  }

  private async readTargets(operation: string, input: Record<string, any>): Promise<string[]> {
    const keyText = (k: Item) =>
      Object.values(k)
        .map((v) => v.S ?? v.N)
        .join(' / ');
    if (operation === 'GetItem') return [keyText(input.Key)];
    if (operation === 'BatchGetItem') return Object.values(input.RequestItems as Record<string, { Keys: Item[] }>).flatMap((r) => r.Keys.map(keyText));
    if (operation === 'TransactGetItems') return (input.TransactItems as { Get: { Key: Item } }[]).map((t) => keyText(t.Get.Key));
    if (operation === 'Scan') return [`scan:${input.IndexName ?? input.TableName}`];
    const shape = await this.shape(input.TableName);
    const hashKey = input.IndexName ? shape.indexes.find((i) => i.name === input.IndexName)?.keys[0] : shape.keys[0];
    return [`${input.IndexName ? `index:${input.IndexName} ` : ''}${queryPartition(input, hashKey) ?? '?'}`];
  }

  private async read(t: Target): Promise<Item | undefined> {
    const out = await this.direct!.send(new GetItemCommand({ TableName: t.table, Key: t.key, ConsistentRead: true }));
    return out.Item;
  }

  private shape(table: string): Promise<TableShape> {
    let s = this.shapes.get(table);
    if (!s) {
      s = this.direct!.send(new DescribeTableCommand({ TableName: table })).then(({ Table }) => {
        const keys = (Table?.KeySchema ?? []).map((k) => k.AttributeName!);
        const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((ix): IndexShape => {
          const ixKeys = (ix.KeySchema ?? []).map((k) => k.AttributeName!);
          const type = ix.Projection?.ProjectionType ?? 'ALL';
          return {
            name: ix.IndexName!,
            keys: ixKeys,
            ...(type === 'ALL' ? {} : { projected: new Set([...keys, ...ixKeys, ...(type === 'INCLUDE' ? (ix.Projection?.NonKeyAttributes ?? []) : [])]) }),
          };
        });
        return { keys, indexes };
      });
      this.shapes.set(table, s);
    }
    return s;
  }
}

function writeTables(operation: string, input: Record<string, any>): string[] {
  if (operation === 'BatchWriteItem') return Object.keys(input.RequestItems);
  if (operation === 'TransactWriteItems')
    return [...new Set((input.TransactItems as any[]).map((t) => (t.Put ?? t.Update ?? t.Delete ?? t.ConditionCheck).TableName as string))];
  return [input.TableName];
}

/** The items a write touches, with their keys. */
function writeTargets(operation: string, input: Record<string, any>, keyNames: (table: string) => string[]): Target[] {
  const keyFrom = (table: string, item: Record<string, AttributeValue>) => Object.fromEntries(keyNames(table).map((k) => [k, item[k]!]));
  switch (operation) {
    case 'PutItem':
      return [{ table: input.TableName, key: keyFrom(input.TableName, input.Item), kind: 'put' }];
    case 'UpdateItem':
      return [{ table: input.TableName, key: input.Key, kind: 'update' }];
    case 'DeleteItem':
      return [{ table: input.TableName, key: input.Key, kind: 'delete' }];
    case 'BatchWriteItem':
      return Object.entries(input.RequestItems as Record<string, any[]>).flatMap(([table, reqs]) =>
        reqs.map(
          (r): Target => (r.PutRequest ? { table, key: keyFrom(table, r.PutRequest.Item), kind: 'put' } : { table, key: r.DeleteRequest.Key, kind: 'delete' }),
        ),
      );
    case 'TransactWriteItems':
      return (input.TransactItems as any[]).map((t): Target => {
        if (t.Put) return { table: t.Put.TableName, key: keyFrom(t.Put.TableName, t.Put.Item), kind: 'put' };
        if (t.Update) return { table: t.Update.TableName, key: t.Update.Key, kind: 'update' };
        if (t.Delete) return { table: t.Delete.TableName, key: t.Delete.Key, kind: 'delete' };
        return { table: t.ConditionCheck.TableName, key: t.ConditionCheck.Key, kind: 'check' };
      });
    default:
      return [];
  }
}

/** The partition a Query reads: the value its key condition gives the hash key. */
function queryPartition(input: Record<string, any>, hashKey: string | undefined): string | undefined {
  if (!hashKey) return undefined;
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  for (const [, name, value] of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    if ((names[name!] ?? name) === hashKey) {
      const v = input.ExpressionAttributeValues?.[value!] as AttributeValue | undefined;
      return v?.S ?? v?.N;
    }
  }
  return undefined;
}
