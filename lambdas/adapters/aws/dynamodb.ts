import { AwsClient, type AwsClientOptions } from './client';
import { type AttributeMap, type Document, marshall, unmarshall } from './dynamodb-marshall';
import { callJson } from './json-protocol';

export { type Document, MarshallError, marshall, type NativeValue, unmarshall } from './dynamodb-marshall';

/**
 * A document client for DynamoDB's JSON protocol: the commands and shapes of the AWS SDK's
 * lib-dynamodb (GetCommand, PutCommand, … sent with `client.send`), native values in and out,
 * without the SDK's client stack in the bundle. Errors keep the SDK's names and fields
 * (ConditionalCheckFailedException with Item, TransactionCanceledException with CancellationReasons).
 */
export const DYNAMODB_SERVICE = { signingName: 'dynamodb', endpointId: 'DYNAMODB', hostPrefix: 'dynamodb', name: 'DynamoDB' } as const;
const PROTOCOL = { targetPrefix: 'DynamoDB_20120810', version: '1.0' } as const;

type ReturnConsumedCapacity = 'INDEXES' | 'TOTAL' | 'NONE';
type ReturnValues = 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
type ReturnValuesOnConditionCheckFailure = 'ALL_OLD' | 'NONE';

export interface Capacity {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
}
export interface ConsumedCapacity extends Capacity {
  readonly TableName?: string;
  readonly Table?: Capacity;
  readonly LocalSecondaryIndexes?: Record<string, Capacity>;
  readonly GlobalSecondaryIndexes?: Record<string, Capacity>;
}

interface Expressions {
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Document;
}
interface Returns {
  readonly ReturnConsumedCapacity?: ReturnConsumedCapacity;
  readonly ReturnItemCollectionMetrics?: 'SIZE' | 'NONE';
}
interface Consumed {
  readonly ConsumedCapacity?: ConsumedCapacity;
}

export interface GetCommandInput extends Returns {
  readonly TableName: string;
  readonly Key: Document;
  readonly ConsistentRead?: boolean;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
}
export interface GetCommandOutput extends Consumed {
  readonly Item?: Document;
}
export interface PutCommandInput extends Expressions, Returns {
  readonly TableName: string;
  readonly Item: Document;
  readonly ReturnValues?: ReturnValues;
  readonly ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}
export interface UpdateCommandInput extends Expressions, Returns {
  readonly TableName: string;
  readonly Key: Document;
  readonly UpdateExpression?: string;
  readonly ReturnValues?: ReturnValues;
  readonly ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}
export interface DeleteCommandInput extends Expressions, Returns {
  readonly TableName: string;
  readonly Key: Document;
  readonly ReturnValues?: ReturnValues;
  readonly ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}
/** Put, Update and Delete answer the same. */
export interface WriteCommandOutput extends Consumed {
  readonly Attributes?: Document;
}
export type PutCommandOutput = WriteCommandOutput;
export type UpdateCommandOutput = WriteCommandOutput;
export type DeleteCommandOutput = WriteCommandOutput;

interface ReadMany extends Returns {
  readonly TableName: string;
  readonly IndexName?: string;
  readonly Limit?: number;
  readonly ConsistentRead?: boolean;
  readonly Select?: 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';
  readonly ProjectionExpression?: string;
  readonly FilterExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: Document;
  readonly ExclusiveStartKey?: Document;
}
export interface QueryCommandInput extends ReadMany {
  readonly KeyConditionExpression?: string;
  readonly ScanIndexForward?: boolean;
}
export interface ScanCommandInput extends ReadMany {
  readonly Segment?: number;
  readonly TotalSegments?: number;
}
export interface QueryCommandOutput extends Consumed {
  readonly Items?: Document[];
  readonly Count?: number;
  readonly ScannedCount?: number;
  readonly LastEvaluatedKey?: Document;
}
export type ScanCommandOutput = QueryCommandOutput;

export interface KeysAndAttributes {
  readonly Keys: Document[];
  readonly ConsistentRead?: boolean;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
}
export interface BatchGetCommandInput {
  readonly RequestItems: Record<string, KeysAndAttributes>;
  readonly ReturnConsumedCapacity?: ReturnConsumedCapacity;
}
export interface BatchGetCommandOutput {
  readonly Responses?: Record<string, Document[]>;
  /** Keys DynamoDB did not read this time (throttling, the 16 MB bound): ask again. */
  readonly UnprocessedKeys?: Record<string, KeysAndAttributes>;
  readonly ConsumedCapacity?: ConsumedCapacity[];
}
export type WriteRequest = { readonly PutRequest: { readonly Item: Document } } | { readonly DeleteRequest: { readonly Key: Document } };
export interface BatchWriteCommandInput extends Returns {
  readonly RequestItems: Record<string, WriteRequest[]>;
}
export interface BatchWriteCommandOutput {
  readonly UnprocessedItems?: Record<string, WriteRequest[]>;
  readonly ConsumedCapacity?: ConsumedCapacity[];
}

interface TransactTarget extends Expressions {
  readonly TableName: string;
  readonly ReturnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure;
}
export type TransactWriteItem =
  | { readonly ConditionCheck: TransactTarget & { readonly Key: Document; readonly ConditionExpression: string } }
  | { readonly Put: TransactTarget & { readonly Item: Document } }
  | { readonly Delete: TransactTarget & { readonly Key: Document } }
  | { readonly Update: TransactTarget & { readonly Key: Document; readonly UpdateExpression: string } };
export interface TransactWriteCommandInput extends Returns {
  readonly TransactItems: TransactWriteItem[];
  readonly ClientRequestToken?: string;
}
export interface TransactWriteCommandOutput {
  readonly ConsumedCapacity?: ConsumedCapacity[];
}
export interface TransactGetCommandInput {
  readonly TransactItems: {
    readonly Get: {
      readonly TableName: string;
      readonly Key: Document;
      readonly ProjectionExpression?: string;
      readonly ExpressionAttributeNames?: Record<string, string>;
    };
  }[];
  readonly ReturnConsumedCapacity?: ReturnConsumedCapacity;
}
export interface TransactGetCommandOutput {
  readonly Responses?: { readonly Item?: Document }[];
  readonly ConsumedCapacity?: ConsumedCapacity[];
}

// What the wire carries: the same shapes with attribute maps where documents were.
type Wire = Record<string, unknown>;

const marshallValues = <T extends { ExpressionAttributeValues?: Document }>(x: T) =>
  x.ExpressionAttributeValues ? { ...x, ExpressionAttributeValues: marshall(x.ExpressionAttributeValues) } : x;
const maybe = (doc: Document | undefined) => (doc ? marshall(doc) : undefined);
const maybeOut = (map: unknown) => (map ? unmarshall(map as AttributeMap) : undefined);
const mapValues = <A, B>(o: Record<string, A> | undefined, f: (a: A) => B) =>
  o ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)])) : undefined;
/** Leaves out the keys whose value is undefined, as the SDK's serializer does. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const writeRequestIn = (r: WriteRequest): Wire =>
  'PutRequest' in r ? { PutRequest: { Item: marshall(r.PutRequest.Item) } } : { DeleteRequest: { Key: marshall(r.DeleteRequest.Key) } };
const writeRequestOut = (r: Wire): WriteRequest =>
  'PutRequest' in r
    ? { PutRequest: { Item: unmarshall((r.PutRequest as { Item: AttributeMap }).Item) } }
    : { DeleteRequest: { Key: unmarshall((r.DeleteRequest as { Key: AttributeMap }).Key) } };
const keysIn = (k: KeysAndAttributes): Wire => ({ ...k, Keys: k.Keys.map(marshall) });
const keysOut = (k: Wire): KeysAndAttributes => ({ ...(k as object), Keys: (k.Keys as AttributeMap[]).map(unmarshall) }) as KeysAndAttributes;

function transactItemIn(t: TransactWriteItem): Wire {
  const [kind, body] = Object.entries(t)[0] as [string, TransactTarget & { Key?: Document; Item?: Document }];
  return { [kind]: defined({ ...marshallValues(body), Key: maybe(body.Key), Item: maybe(body.Item) }) };
}

/** How one operation's input and output cross the wire. */
interface Codec<In, Out> {
  readonly operation: string;
  readonly input: (input: In) => object;
  readonly output: (raw: Wire) => Out;
}

const single = <In extends { Key?: Document; Item?: Document; ExpressionAttributeValues?: Document }>(operation: string): Codec<In, WriteCommandOutput> => ({
  operation,
  input: (i) => defined({ ...marshallValues(i), Key: maybe(i.Key), Item: maybe(i.Item) }),
  output: (raw) => defined({ ...raw, Attributes: maybeOut(raw.Attributes) }) as WriteCommandOutput,
});
const many = <In extends ReadMany>(operation: string): Codec<In, QueryCommandOutput> => ({
  operation,
  input: (i) => defined({ ...marshallValues(i), ExclusiveStartKey: maybe(i.ExclusiveStartKey) }),
  output: (raw) =>
    defined({
      ...raw,
      Items: (raw.Items as AttributeMap[] | undefined)?.map(unmarshall),
      LastEvaluatedKey: maybeOut(raw.LastEvaluatedKey),
    }) as QueryCommandOutput,
});

const codecs = {
  get: {
    operation: 'GetItem',
    input: (i: GetCommandInput) => ({ ...i, Key: marshall(i.Key) }),
    output: (raw: Wire) => defined({ ...raw, Item: maybeOut(raw.Item) }) as GetCommandOutput,
  },
  put: single<PutCommandInput>('PutItem'),
  update: single<UpdateCommandInput>('UpdateItem'),
  delete: single<DeleteCommandInput>('DeleteItem'),
  query: many<QueryCommandInput>('Query'),
  scan: many<ScanCommandInput>('Scan'),
  batchGet: {
    operation: 'BatchGetItem',
    input: (i: BatchGetCommandInput) => ({ ...i, RequestItems: mapValues(i.RequestItems, keysIn) }),
    output: (raw: Wire) =>
      defined({
        ...raw,
        Responses: mapValues(raw.Responses as Record<string, AttributeMap[]> | undefined, (items) => items.map(unmarshall)),
        UnprocessedKeys: mapValues(raw.UnprocessedKeys as Record<string, Wire> | undefined, keysOut),
      }) as BatchGetCommandOutput,
  },
  batchWrite: {
    operation: 'BatchWriteItem',
    input: (i: BatchWriteCommandInput) => ({ ...i, RequestItems: mapValues(i.RequestItems, (rs) => rs.map(writeRequestIn)) }),
    output: (raw: Wire) =>
      defined({
        ...raw,
        UnprocessedItems: mapValues(raw.UnprocessedItems as Record<string, Wire[]> | undefined, (rs) => rs.map(writeRequestOut)),
      }) as BatchWriteCommandOutput,
  },
  transactWrite: {
    operation: 'TransactWriteItems',
    input: (i: TransactWriteCommandInput) => ({ ...i, TransactItems: i.TransactItems.map(transactItemIn) }),
    output: (raw: Wire) => raw as TransactWriteCommandOutput,
  },
  transactGet: {
    operation: 'TransactGetItems',
    input: (i: TransactGetCommandInput) => ({ ...i, TransactItems: i.TransactItems.map(({ Get }) => ({ Get: { ...Get, Key: marshall(Get.Key) } })) }),
    output: (raw: Wire) =>
      defined({
        ...raw,
        Responses: (raw.Responses as { Item?: AttributeMap }[] | undefined)?.map((r) => defined({ Item: maybeOut(r.Item) })),
      }) as TransactGetCommandOutput,
  },
} satisfies Record<string, Codec<never, unknown>>;

/** A request to send with `DocumentClient.send`, as lib-dynamodb's commands are. */
export abstract class DocumentCommand<In, Out> {
  abstract readonly codec: Codec<In, Out>;
  constructor(readonly input: In) {}
}

export class GetCommand extends DocumentCommand<GetCommandInput, GetCommandOutput> {
  readonly codec = codecs.get;
}
export class PutCommand extends DocumentCommand<PutCommandInput, PutCommandOutput> {
  readonly codec = codecs.put;
}
export class UpdateCommand extends DocumentCommand<UpdateCommandInput, UpdateCommandOutput> {
  readonly codec = codecs.update;
}
export class DeleteCommand extends DocumentCommand<DeleteCommandInput, DeleteCommandOutput> {
  readonly codec = codecs.delete;
}
export class QueryCommand extends DocumentCommand<QueryCommandInput, QueryCommandOutput> {
  readonly codec = codecs.query;
}
export class ScanCommand extends DocumentCommand<ScanCommandInput, ScanCommandOutput> {
  readonly codec = codecs.scan;
}
export class BatchGetCommand extends DocumentCommand<BatchGetCommandInput, BatchGetCommandOutput> {
  readonly codec = codecs.batchGet;
}
export class BatchWriteCommand extends DocumentCommand<BatchWriteCommandInput, BatchWriteCommandOutput> {
  readonly codec = codecs.batchWrite;
}
export class TransactWriteCommand extends DocumentCommand<TransactWriteCommandInput, TransactWriteCommandOutput> {
  readonly codec = codecs.transactWrite;
}
export class TransactGetCommand extends DocumentCommand<TransactGetCommandInput, TransactGetCommandOutput> {
  readonly codec = codecs.transactGet;
}

export class DocumentClient {
  readonly aws: AwsClient;

  constructor(aws: AwsClient | AwsClientOptions = {}) {
    this.aws = aws instanceof AwsClient ? aws : new AwsClient(DYNAMODB_SERVICE, aws);
  }

  async send<In, Out>(command: DocumentCommand<In, Out>): Promise<Out> {
    const { codec } = command;
    return codec.output(await callJson<Wire>(this.aws, PROTOCOL, codec.operation, codec.input(command.input)));
  }
}

/** DynamoDB's errors by name; `instanceof` matches any error so named (ours, or the SDK's in tests). */
function namedError(name: string) {
  return class extends Error {
    static override [Symbol.hasInstance](e: unknown) {
      return e instanceof Error && e.name === name;
    }
  };
}

export interface CancellationReason {
  readonly Code?: string;
  readonly Message?: string;
  /** The item as DynamoDB sent it (ReturnValuesOnConditionCheckFailure): `unmarshall` it. */
  readonly Item?: AttributeMap;
}

export const ConditionalCheckFailedException = namedError('ConditionalCheckFailedException') as unknown as {
  new (...args: never[]): Error & { readonly Item?: AttributeMap };
  [Symbol.hasInstance](e: unknown): boolean;
};
export type ConditionalCheckFailedException = Error & { readonly Item?: AttributeMap };

export const TransactionCanceledException = namedError('TransactionCanceledException') as unknown as {
  new (...args: never[]): Error & { readonly CancellationReasons?: CancellationReason[] };
  [Symbol.hasInstance](e: unknown): boolean;
};
export type TransactionCanceledException = Error & { readonly CancellationReasons?: CancellationReason[] };
