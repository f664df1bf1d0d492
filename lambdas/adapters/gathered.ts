import type { ConsumedCapacity, DocumentClient } from '#adapters/aws/dynamodb';

/** The table that gathered reads or writes go to, and where their consumed capacity is reported. */
export interface GatheringTarget {
  readonly db: DocumentClient;
  readonly table: string;
  readonly capacity: () => { ReturnConsumedCapacity?: 'INDEXES' };
  readonly onCapacity: (c: ConsumedCapacity[] | ConsumedCapacity | undefined) => void;
}

/** Runs `flush` once, at the end of this turn of the event loop, however many callers ask for it in the turn. */
export class EndOfTurn {
  private scheduled = false;

  constructor(private readonly flush: () => void) {}

  request(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
