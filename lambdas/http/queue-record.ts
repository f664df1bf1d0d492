import type { SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { PoisonMessageError } from '#core/errors';
import { type AnySchema, describeIssues } from './validate';

/**
 * A queue body that is not JSON or not the expected shape can never succeed: it fails its record,
 * so after maxReceiveCount it rests in the dead-letter queue (alarmed), never silently dropped.
 */
export function parseRecord<S extends AnySchema>(record: SQSRecord, schema: S): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(record.body);
  } catch {
    throw new PoisonMessageError(`SQS message ${record.messageId}: body is not JSON`);
  }
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues).map((i) => `${i.path}: ${i.message}`);
    throw new PoisonMessageError(`SQS message ${record.messageId}: ${issues.join('; ')}`);
  }
  return parsed.data;
}
