import type { ConsumedCapacity } from '#adapters/aws/dynamodb';
import { BatchWriteCommand, PutCommand, type DocumentClient, type WriteRequest } from '#adapters/aws/dynamodb';

type Item = Record<string, unknown>;

/** BatchWriteItem's limit of items per request. */
const BATCH = 25;
/** Attempts at the items DynamoDB leaves unprocessed (throttling) before the writers hear of it. */
const MAX_ATTEMPTS = 8;

interface Waiting {
  readonly item: Item;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Unconditional puts issued in the same turn of the event loop, gathered into one BatchWriteItem (a lone
 * put stays a PutItem). Only for items whose every writer writes the same thing under a key the input
 * fixes, so that a second write, or two at once, changes nothing: BatchWriteItem takes no condition.
 * It charges what the same PutItems would; only the requests are fewer (the pipeline's FIFO batch runs
 * up to ten messages at once, each with a few such items).
 */
export class CoalescedWrites {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
    private readonly capacity: () => { ReturnConsumedCapacity?: 'INDEXES' },
    private readonly onCapacity: (c: ConsumedCapacity[] | ConsumedCapacity | undefined) => void,
  ) {}

  put(item: Item): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const list = this.waiting;
    this.waiting = [];
    for (let i = 0; i < list.length; i += BATCH) {
      const chunk = list.slice(i, i + BATCH);
      this.write(chunk).then(
        () => {
          for (const w of chunk) w.resolve();
        },
        (e: unknown) => {
          for (const w of chunk) w.reject(e);
        },
      );
    }
  }

  private async write(chunk: readonly Waiting[]): Promise<void> {
    const id = (item: Item) => `${String(item.pk)}\u0000${String(item.sk)}`;
    // BatchWriteItem refuses a key twice in one request; copies of one message write the same item.
    const items = [...new Map(chunk.map((w) => [id(w.item), w.item])).values()];
    if (items.length === 1) {
      const out = await this.db.send(new PutCommand({ TableName: this.table, Item: items[0]!, ...this.capacity() }));
      this.onCapacity(out.ConsumedCapacity);
      return;
    }
    let pending: WriteRequest[] = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`BatchWriteItem: ${pending.length} items still unprocessed after ${MAX_ATTEMPTS} attempts`);
      if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending }, ...this.capacity() }));
      this.onCapacity(out.ConsumedCapacity);
      pending = out.UnprocessedItems?.[this.table] ?? [];
    }
  }
}
