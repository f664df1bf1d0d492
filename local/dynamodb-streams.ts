import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { ChangeFeedDefinition } from '#definitions/change-feed';
import { matchesFilters } from './event-filter';
import type { LocalFunction } from './functions';

interface Shard {
  iterator: string | undefined;
  /** The last record read, where a lost iterator resumes. */
  lastSequence?: string;
  /** Records created before this (seconds) are skipped: a shard re-read from its start after a lost iterator. */
  skipBefore?: number;
}

/**
 * Lambda's DynamoDB stream event source, locally: reads DynamoDB Local's stream shard by shard (open
 * shards from the latest record, as StartingPosition LATEST; shards that appear later from their start),
 * keeps the records the definition's filters match, and hands them to the function in order, in batches
 * of at most batchSize. A reported partial failure (batchItemFailures) retries from the lowest failed
 * record, a thrown error retries the batch, both up to retryAttempts; records older than
 * maxRecordAgeSeconds are dropped, as the event source mapping does.
 */
export class LocalChangeFeed {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly shards = new Map<string, Shard>();
  private streamArn = '';
  private lastDiscovery = 0;
  /**
   * When the feed started (seconds), less a minute: DynamoDB Local's ApproximateCreationDateTime is
   * rounded down to the minute. A shard re-read from its start skips what is older.
   */
  private startedAt = 0;

  constructor(
    private readonly streams: DynamoDBStreamsClient,
    private readonly dynamo: DynamoDBClient,
    private readonly tableName: string,
    private readonly consumer: Pick<LocalFunction, 'invoke'>,
    private readonly def: ChangeFeedDefinition,
    private readonly log: (line: string) => void,
    private readonly region: string,
    private readonly pollMs = 100,
  ) {}

  async start(): Promise<void> {
    const { Table } = await this.dynamo.send(new DescribeTableCommand({ TableName: this.tableName }));
    if (!Table?.LatestStreamArn) throw new Error(`table ${this.tableName} has no stream`);
    this.streamArn = Table.LatestStreamArn;
    this.startedAt = Math.floor(Date.now() / 1000) - 60;
    await this.discover('LATEST');
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Finds shards not read yet; open shards at start begin at the latest record, later ones at their start. */
  private async discover(startAt: 'LATEST' | 'TRIM_HORIZON'): Promise<void> {
    this.lastDiscovery = Date.now();
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription: d } = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ...(exclusiveStartShardId ? { ExclusiveStartShardId: exclusiveStartShardId } : {}) }),
      );
      for (const shard of d?.Shards ?? []) {
        const id = shard.ShardId!;
        if (this.shards.has(id)) continue;
        const closed = Boolean(shard.SequenceNumberRange?.EndingSequenceNumber);
        if (startAt === 'LATEST' && closed) {
          this.shards.set(id, { iterator: undefined });
          continue;
        }
        this.shards.set(id, { iterator: await this.iterator(id, startAt === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON') });
      }
      exclusiveStartShardId = d?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  }

  private async iterator(shardId: string, type: 'LATEST' | 'TRIM_HORIZON' | 'AFTER_SEQUENCE_NUMBER', sequence?: string): Promise<string | undefined> {
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shardId, ShardIteratorType: type, ...(sequence ? { SequenceNumber: sequence } : {}) }),
    );
    return ShardIterator;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (Date.now() - this.lastDiscovery > 2_000) await this.discover('TRIM_HORIZON');
        let busy = false;
        for (const [id, shard] of this.shards) busy = (await this.readShard(id, shard)) || busy;
        if (!busy) await new Promise((r) => setTimeout(r, this.pollMs));
      } catch (e) {
        if (this.running) this.log(`change feed: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  /** Reads one page of a shard and delivers what the filters keep; true when it had records. */
  private async readShard(id: string, shard: Shard): Promise<boolean> {
    if (!shard.iterator) return false;
    let page: GetRecordsCommandOutput;
    try {
      page = await this.streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: this.def.batchSize }));
    } catch (e) {
      // DynamoDB Local sometimes refuses an iterator (TrimmedDataAccessException, ExpiredIteratorException):
      // resume after the last record read, or re-read the shard skipping what came before the feed started.
      this.log(`change feed: shard ${id}: ${(e as Error).name}; resuming`);
      shard.iterator = await this.resume(id, shard);
      return false;
    }
    shard.iterator = page.NextShardIterator;
    const records = (page.Records ?? []).map((r) => this.lambdaRecord(r));
    if (!records.length) return false;
    const kept = records.filter(
      (r) => matchesFilters(r, this.def.filters) && (r.dynamodb?.ApproximateCreationDateTime ?? Number.POSITIVE_INFINITY) >= (shard.skipBefore ?? 0),
    );
    if (kept.length) await this.deliver(kept, Date.now());
    shard.lastSequence = records.at(-1)!.dynamodb!.SequenceNumber;
    return true;
  }

  private async resume(id: string, shard: Shard): Promise<string | undefined> {
    if (shard.lastSequence) {
      try {
        return await this.iterator(id, 'AFTER_SEQUENCE_NUMBER', shard.lastSequence);
      } catch {
        // Trimmed past it: from the start, as below.
      }
    }
    shard.skipBefore = shard.lastSequence ? undefined : this.startedAt;
    return this.iterator(id, 'TRIM_HORIZON');
  }

  /** `readAt`: when the records were read, what their age counts from (their creation time is rounded to the minute). */
  private async deliver(batch: DynamoDBRecord[], readAt: number): Promise<void> {
    let pending = batch;
    for (let attempt = 0; pending.length && attempt <= this.def.retryAttempts; attempt++) {
      if (Date.now() - readAt > this.def.maxRecordAgeSeconds * 1000) break;
      try {
        const result = await this.consumer.invoke<DynamoDBBatchResponse | undefined>({ Records: pending });
        const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        const from = pending.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
        pending = from < 0 ? [] : pending.slice(from);
      } catch (e) {
        this.log(`change feed: ${this.def.function} failed: ${(e as Error).message}`);
      }
    }
    if (pending.length) this.log(`change feed: dropped ${pending.length} record(s) after ${this.def.retryAttempts} retries`);
  }

  /** A stream record as Lambda hands it to the function. */
  private lambdaRecord(r: StreamRecord): DynamoDBRecord {
    const d = r.dynamodb ?? {};
    const created = d.ApproximateCreationDateTime;
    return {
      eventID: r.eventID!,
      eventName: r.eventName as DynamoDBRecord['eventName'],
      eventVersion: r.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.region,
      dynamodb: {
        ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
        Keys: d.Keys as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
        SequenceNumber: d.SequenceNumber!,
        SizeBytes: d.SizeBytes ?? 0,
        StreamViewType: d.StreamViewType as NonNullable<DynamoDBRecord['dynamodb']>['StreamViewType'],
        // The images the stream's view type keeps (the table's is NEW_AND_OLD_IMAGES), as Lambda hands them over.
        ...(d.NewImage ? { NewImage: d.NewImage as NonNullable<DynamoDBRecord['dynamodb']>['NewImage'] } : {}),
        ...(d.OldImage ? { OldImage: d.OldImage as NonNullable<DynamoDBRecord['dynamodb']>['OldImage'] } : {}),
      },
      eventSourceARN: this.streamArn,
    };
  }
}
