import { afterEach, describe, expect, it } from 'vitest';
import { changeFeedDefinitions } from '#definitions/change-feed';
import { LocalChangeFeed } from '#local/dynamodb-streams';

/** A one-shard stream as DynamoDB Local serves it: creation times rounded down to the minute. */
function fakeStream(records: { pk: string; seq: string; createdAt: Date }[], opts: { failFirstRead?: boolean } = {}) {
  let failures = opts.failFirstRead ? 1 : 0;
  const streams = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      switch (command.constructor.name) {
        case 'DescribeStreamCommand':
          return { StreamDescription: { Shards: [{ ShardId: 'shard-1', SequenceNumberRange: { StartingSequenceNumber: '1' } }] } };
        case 'GetShardIteratorCommand': {
          // An iterator here is the index of the next record to read.
          const type = command.input.ShardIteratorType;
          const at = type === 'LATEST' ? records.length : type === 'TRIM_HORIZON' ? 0 : records.findIndex((r) => r.seq === command.input.SequenceNumber) + 1;
          return { ShardIterator: String(at) };
        }
        case 'GetRecordsCommand': {
          if (failures-- > 0) throw Object.assign(new Error('trimmed'), { name: 'TrimmedDataAccessException' });
          const page = records.slice(Number(command.input.ShardIterator));
          return {
            Records: page.map((r) => ({
              eventID: r.seq,
              eventName: 'INSERT',
              dynamodb: {
                ApproximateCreationDateTime: r.createdAt,
                Keys: { pk: { S: r.pk }, sk: { S: 'TICKET' } },
                SequenceNumber: r.seq,
                StreamViewType: 'KEYS_ONLY',
              },
            })),
            NextShardIterator: String(records.length),
          };
        }
        default:
          throw new Error(`unexpected ${command.constructor.name}`);
      }
    },
  };
  const dynamo = { send: async () => ({ Table: { LatestStreamArn: 'arn:stream' } }) };
  return { streams, dynamo };
}

const feeds: LocalChangeFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((f) => f.stop()));
});

async function run(records: Parameters<typeof fakeStream>[0], writeAfterStart: Parameters<typeof fakeStream>[0], opts: { failFirstRead?: boolean } = {}) {
  const all = [...records];
  const { streams, dynamo } = fakeStream(all, opts);
  const delivered: string[][] = [];
  const consumer = {
    invoke: async <T>(event: unknown): Promise<T> => {
      delivered.push((event as { Records: { dynamodb: { Keys: { pk: { S: string } } } }[] }).Records.map((r) => r.dynamodb.Keys.pk.S));
      return { batchItemFailures: [] } as T;
    },
  };
  const feed = new LocalChangeFeed(streams as never, dynamo as never, 'table', consumer, changeFeedDefinitions.ticketChanges, () => {}, 'us-east-1', 5);
  feeds.push(feed);
  await feed.start();
  all.push(...writeAfterStart);
  const until = Date.now() + 2_000;
  while (delivered.flat().length < writeAfterStart.filter((r) => r.pk.startsWith('TICKET#')).length && Date.now() < until)
    await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 30));
  return delivered.flat();
}

const minuteAgo = () => new Date(Math.floor(Date.now() / 60_000) * 60_000 - 1);

describe('the local change feed (Lambda’s stream event source)', () => {
  it('delivers what is written after it starts, filtered as Lambda filters, never what was there before', async () => {
    const delivered = await run(
      [{ pk: 'TICKET#old', seq: '1', createdAt: minuteAgo() }],
      [
        { pk: 'TICKET#1', seq: '2', createdAt: new Date() },
        { pk: 'CUSTOMER#c', seq: '3', createdAt: new Date() },
        { pk: 'TICKET#2', seq: '4', createdAt: new Date() },
      ],
    );
    expect(delivered).toEqual(['TICKET#1', 'TICKET#2']);
  });

  it('delivers a record whose creation time, rounded down to the minute, looks a minute old', async () => {
    const rounded = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 61_000);
    expect(await run([], [{ pk: 'TICKET#late', seq: '1', createdAt: rounded }])).toEqual(['TICKET#late']);
  });

  it('loses nothing when DynamoDB Local refuses a shard iterator', async () => {
    expect(await run([], [{ pk: 'TICKET#1', seq: '1', createdAt: new Date() }], { failFirstRead: true })).toEqual(['TICKET#1']);
  });
});
