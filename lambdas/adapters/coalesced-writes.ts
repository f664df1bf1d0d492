import { BatchWriteCommand, PutCommand, type WriteRequest } from '#adapters/aws/dynamodb';
import { EndOfTurn, type GatheringTarget } from './gathered';

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

  private readonly turn = new EndOfTurn(() => this.flush());

  constructor(private readonly target: GatheringTarget) {}

  put(item: Item): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.turn.request();
    });
  }

  private flush(): void {
    const list = this.waiting;
    this.waiting = [];
    // BatchWriteItem refuses a key twice in one request; copies of one message write the same item.
    const byKey = new Map<string, Waiting[]>();
    for (const w of list) {
      const id = `${String(w.item.pk)}\u0000${String(w.item.sk)}`;
      byKey.set(id, [...(byKey.get(id) ?? []), w]);
    }
    const distinct = [...byKey.values()];
    for (let i = 0; i < distinct.length; i += BATCH) {
      const chunk = distinct.slice(i, i + BATCH);
      const waiters = chunk.flat();
      this.write(chunk.map((copies) => copies.at(-1)!.item)).then(
        () => {
          for (const w of waiters) w.resolve();
        },
        (e: unknown) => {
          for (const w of waiters) w.reject(e);
        },
      );
    }
  }

  private async write(items: readonly Item[]): Promise<void> {
    if (items.length === 1) {
      const out = await this.target.db.send(new PutCommand({ TableName: this.target.table, Item: items[0]!, ...this.target.capacity() }));
      this.target.onCapacity(out.ConsumedCapacity);
      return;
    }
    let pending: WriteRequest[] = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`BatchWriteItem: ${pending.length} items still unprocessed after ${MAX_ATTEMPTS} attempts`);
      if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out = await this.target.db.send(new BatchWriteCommand({ RequestItems: { [this.target.table]: pending }, ...this.target.capacity() }));
      this.target.onCapacity(out.ConsumedCapacity);
      pending = out.UnprocessedItems?.[this.target.table] ?? [];
    }
  }
}
