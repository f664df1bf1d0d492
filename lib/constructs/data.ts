import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ordersTableSchema, tableSchema, type TableSchema } from '../../lambdas/definitions/table';

/**
 * A table from a shared schema, with the defaults every Destek table has: on demand (an idle shop
 * pays for storage only), encrypted, point-in-time recovery, and retained when the stack goes.
 */
export function tableFromSchema(scope: Construct, id: string, schema: TableSchema, deletionProtection = false): Table {
  const table = new Table(scope, id, {
    partitionKey: { name: schema.partitionKey, type: AttributeType.STRING },
    ...(schema.sortKey ? { sortKey: { name: schema.sortKey, type: AttributeType.STRING } } : {}),
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    ...(schema.ttlAttribute ? { timeToLiveAttribute: schema.ttlAttribute } : {}),
    deletionProtection,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of schema.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
    });
  }
  return table;
}

/** The one support table: customers, tickets, interactions, threads (customer history outlives the stack). */
export class SupportData extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = tableFromSchema(this, 'Table', tableSchema, true);
  }
}

/** Order data for order-status answers, for shops without an order API of their own. */
export class OrdersData extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = tableFromSchema(this, 'Table', ordersTableSchema);
  }
}
