import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { attachmentsCorsRule } from '#definitions/console';
import { indexProjection, ordersTableSchema, tableSchema, type TableSchema } from '#definitions/table';
import { constructIds } from '#definitions/dead-letters';
import { AGENT_UPLOADS_PREFIX, EXPORT_DAYS, EXPORTS_PREFIX, UNSENT_UPLOAD_DAYS, UNSENT_UPLOAD_TAG } from '#definitions/uploads';

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
    ...(schema.stream ? { stream: StreamViewType[schema.stream] } : {}),
    deletionProtection,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of schema.indexes) {
    const projection = indexProjection(index);
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
      projectionType: projection.type === 'INCLUDE' ? ProjectionType.INCLUDE : ProjectionType.KEYS_ONLY,
      ...(projection.nonKeyAttributes ? { nonKeyAttributes: projection.nonKeyAttributes } : {}),
    });
  }
  return table;
}

/**
 * A private bucket with the defaults every Destek bucket has: encrypted, no public access, TLS only,
 * objects owned by the bucket owner, incomplete uploads cleaned up, retained when the stack goes.
 */
export function privateBucket(scope: Construct, id: string, props: { serverAccessLogs?: Bucket } = {}): Bucket {
  return new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }],
    ...(props.serverAccessLogs ? { serverAccessLogsBucket: props.serverAccessLogs, serverAccessLogsPrefix: `${id}/` } : {}),
  });
}

/**
 * The support data: one table (customers, tickets, interactions, threads) and one bucket for the files
 * customers send (e-mail attachments, social media), both outliving the stack with the history.
 */
export class SupportData extends Construct {
  readonly table: Table;
  readonly attachments: Bucket;
  /** Server access logs of the data buckets (who read which customer file). */
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Access logs are delivered under a bucket policy, not the legacy log-delivery ACL, so every
    // bucket can keep ACLs disabled, whatever the embedding app's feature flags say.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.table = tableFromSchema(this, constructIds.table, tableSchema, true);
    this.accessLogs = privateBucket(this, 'AccessLogs');
    this.accessLogs.addLifecycleRule({ id: 'expire-access-logs', expiration: Duration.days(365) });
    this.attachments = privateBucket(this, 'Attachments', { serverAccessLogs: this.accessLogs });
    // Old attachments are rarely opened again: cheaper storage after 90 days, kept with their tickets.
    this.attachments.addLifecycleRule({
      id: 'infrequent-access-after-90-days',
      transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
    });
    // An agent's upload that no reply sent: still tagged after a day, it goes.
    this.attachments.addLifecycleRule({
      id: 'expire-unsent-agent-uploads',
      prefix: `${AGENT_UPLOADS_PREFIX}/`,
      tagFilters: { [UNSENT_UPLOAD_TAG.key]: UNSENT_UPLOAD_TAG.value },
      expiration: Duration.days(UNSENT_UPLOAD_DAYS),
    });
    // CSV exports too large for a response: read once through a link that works for minutes.
    this.attachments.addLifecycleRule({ id: 'expire-exports', prefix: `${EXPORTS_PREFIX}/`, expiration: Duration.days(EXPORT_DAYS) });
    // The console posts the signed upload form straight to the bucket (definitions/console says why any origin).
    this.attachments.addCorsRule({
      allowedMethods: attachmentsCorsRule.allowedMethods.map((m) => HttpMethods[m]),
      allowedOrigins: [...attachmentsCorsRule.allowedOrigins],
      allowedHeaders: [...attachmentsCorsRule.allowedHeaders],
      maxAge: attachmentsCorsRule.maxAgeSeconds,
    });
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
