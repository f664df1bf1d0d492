import { GetCommand, type DocumentClient } from '#adapters/aws/dynamodb';
import type { Order } from '#core/model';
import type { OrderLookup } from '#core/ports';
import { parseOrder } from './orders-http';

/** Order lookup in the orders table (ordersTableSchema: one item per orderNumber). */
export class DynamoOrderLookup implements OrderLookup {
  constructor(
    private readonly db: DocumentClient,
    private readonly tableName: string,
  ) {}

  async findOrder(orderNumber: string): Promise<Order | undefined> {
    // Eventually consistent: order data changes rarely and a read a second stale is harmless.
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: { orderNumber } }));
    if (!out.Item) return undefined;
    const result = parseOrder(out.Item);
    // A broken item is the source failing, not an order: nobody gets told a made-up status.
    if (!result.ok) throw new Error(`order ${JSON.stringify(orderNumber)} in ${this.tableName} is malformed (${result.problems})`);
    return result.order;
  }
}
