import { BatchGetCommand, GetCommand } from '#adapters/aws/dynamodb';
import { EndOfTurn, type GatheringTarget } from './gathered';

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

  private readonly turn = new EndOfTurn(() => this.flush());

  constructor(private readonly target: GatheringTarget) {}

  get(key: Key, consistent: boolean): Promise<Item | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(consistent) ?? [];
      list.push({ key, resolve, reject });
      this.waiting.set(consistent, list);
      this.turn.request();
    });
  }

  private flush(): void {
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
      const out = await this.target.db.send(
        new GetCommand({ TableName: this.target.table, Key: chunk[0]!.key, ConsistentRead: consistent, ...this.target.capacity() }),
      );
      this.target.onCapacity(out.ConsumedCapacity);
      chunk[0]!.resolve(out.Item);
      return;
    }
    const id = (k: Item) => `${String(k.pk)}\u0000${String(k.sk)}`;
    const found = new Map<string, Item>();
    // BatchGetItem refuses a key twice in one request: each distinct key once, every waiter answered.
    let keys: Item[] = [...new Map(chunk.map((w) => [id(w.key), w.key])).values()];
    for (let attempt = 0; keys.length; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out = await this.target.db.send(
        new BatchGetCommand({ RequestItems: { [this.target.table]: { Keys: keys, ConsistentRead: consistent } }, ...this.target.capacity() }),
      );
      this.target.onCapacity(out.ConsumedCapacity);
      for (const item of out.Responses?.[this.target.table] ?? []) found.set(id(item), item);
      keys = (out.UnprocessedKeys?.[this.target.table]?.Keys as Item[] | undefined) ?? [];
    }
    for (const w of chunk) w.resolve(found.get(id(w.key)));
  }
}
