import type { DocumentClient } from '#adapters/aws/dynamodb';
import type { S3Client } from '#adapters/aws/s3';
import type { Ticket } from '#core/model';
import type { ExportFiles } from '#agent/exports';
import { tableSchema } from '#definitions/table';
import { monthsBetween } from './agent-store';
import { fullItems } from './full-items';
import { disposition } from './s3-agent-uploads';
import { allOfShards } from './sharded-query';
import { fromItem, viewShardKeys, views } from './table-keys';

/** Rows read from the table at once: five BatchGetItems in parallel behind one merged page of the view. */
const READ_BATCH = 500;

/**
 * Every ticket opened between two instants, in creation order: the byCreated view (one Query per
 * shard and month, no scan) for the keys, the table for the whole rows (a BatchGetItem per 100).
 */
export async function* ticketsCreatedBetween(doc: DocumentClient, table: string, from: string, to: string): AsyncIterable<Ticket> {
  const index = tableSchema.indexes.find((i) => i.name === 'byCreated')!;
  for (const month of monthsBetween(from, to)) {
    const view = {
      index: index.name,
      pkAttribute: index.partitionKey,
      skAttribute: index.sortKey,
      partitionKeys: viewShardKeys(views.createdMonth(month)),
      ascending: true,
      range: { from, to: `${to}~` },
    };
    let batch: Record<string, unknown>[] = [];
    for await (const entry of allOfShards(doc, table, view, READ_BATCH)) {
      batch.push(entry);
      if (batch.length === READ_BATCH) {
        yield* (await fullItems(doc, table, batch)).map((i) => fromItem<Ticket>(i));
        batch = [];
      }
    }
    if (batch.length) yield* (await fullItems(doc, table, batch)).map((i) => fromItem<Ticket>(i));
  }
}

const CSV_TYPE = 'text/csv; charset=utf-8';

/** Stored exports: a multipart upload into the bucket, and a presigned GET that downloads it as a file. */
export function s3ExportFiles(s3: S3Client, bucket: string): ExportFiles {
  return {
    async begin(key, filename) {
      const uploadId = await s3.createMultipartUpload({ Bucket: bucket, Key: key, ContentType: CSV_TYPE });
      const parts: { PartNumber: number; ETag: string }[] = [];
      return {
        async append(part) {
          const n = parts.length + 1;
          parts.push({ PartNumber: n, ETag: await s3.uploadPart({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: n, Body: part }) });
        },
        async finish(seconds) {
          await s3.completeMultipartUpload({ Bucket: bucket, Key: key, UploadId: uploadId, Parts: parts });
          return s3.presignGetObject(
            { Bucket: bucket, Key: key, ResponseContentType: CSV_TYPE, ResponseContentDisposition: disposition('attachment', filename) },
            seconds,
          );
        },
        abort: () => s3.abortMultipartUpload({ Bucket: bucket, Key: key, UploadId: uploadId }),
      };
    },
  };
}
