import type { ConsumedCapacity } from '#adapters/aws/dynamodb';
import { BatchGetCommand, GetCommand, type DocumentClient } from '#adapters/aws/dynamodb';

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

/** BatchGetItem's limit of keys per request. */
const BATCH = 100;

interface Waiting {
  readonly key: Key;
  readonly resolve: (item: Item | undefined) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Single-item reads issued in the same turn of the event loop, gathered into one BatchGetItem per
 * consistency (a lone read stays a GetItem). The pipeline runs a FIFO batch's message groups at the
 * same time and reads several items per message: each round of reads becomes one request instead of
 * ten to thirty. BatchGetItem charges what the same GetItems would; only the requests are fewer.
 */
export class CoalescedReads {
  private readonly waiting = new Map<boolean, Waiting[]>();
  private scheduled = false;

  constructor(
    private readonly db: DocumentClient,
    private readonly table: string,
    private readonly capacity: () => { ReturnConsumedCapacity?: 'INDEXES' },
    private readonly onCapacity: (c: ConsumedCapacity[] | ConsumedCapacity | undefined) => void,
  ) {}

  get(key: Key, consistent: boolean): Promise<Item | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(consistent) ?? [];
      list.push({ key, resolve, reject });
      this.waiting.set(consistent, list);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const groups = [...this.waiting];
    this.waiting.clear();
    for (const [consistent, list] of groups) {
      for (let i = 0; i < list.length; i += BATCH) {
        const chunk = list.slice(i, i + BATCH);
        this.read(chunk, consistent).catch((e) => {
          for (const w of chunk) w.reject(e);
        });
      }
    }
  }

  private async read(chunk: readonly Waiting[], consistent: boolean): Promise<void> {
    if (chunk.length === 1) {
      const out = await this.db.send(new GetCommand({ TableName: this.table, Key: chunk[0]!.key, ConsistentRead: consistent, ...this.capacity() }));
      this.onCapacity(out.ConsumedCapacity);
      chunk[0]!.resolve(out.Item);
      return;
    }
    const id = (k: Item) => `${String(k.pk)}\u0000${String(k.sk)}`;
    const found = new Map<string, Item>();
    // BatchGetItem refuses a key twice in one request: each distinct key once, every waiter answered.
    let keys: Item[] = [...new Map(chunk.map((w) => [id(w.key), w.key])).values()];
    for (let attempt = 0; keys.length; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out = await this.db.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ConsistentRead: consistent } }, ...this.capacity() }));
      this.onCapacity(out.ConsumedCapacity);
      for (const item of out.Responses?.[this.table] ?? []) found.set(id(item), item);
      keys = (out.UnprocessedKeys?.[this.table]?.Keys as Item[] | undefined) ?? [];
    }
    for (const w of chunk) w.resolve(found.get(id(w.key)));
  }
}
