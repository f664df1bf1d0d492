import type { SQSRecord } from 'aws-lambda';

/** What became of a FIFO batch: records that failed, and records not run because their group had failed. */
export interface FifoBatchOutcome {
  readonly failed: readonly { readonly record: SQSRecord; readonly error: unknown }[];
  readonly skipped: readonly SQSRecord[];
}

/** A batch's records by message group, each group in batch order; a record without a group is a group of its own. */
export function messageGroups(records: readonly SQSRecord[]): SQSRecord[][] {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    const key = record.attributes.MessageGroupId ?? `record#${record.messageId}`;
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return [...groups.values()];
}

/**
 * Runs a FIFO batch the way SQS FIFO orders it: the records of one message group one after another,
 * in order; different groups at the same time (a batch holds at most 10 records, so at most 10 run at
 * once). After a record fails, the rest of its group is not run, so it comes back in order with the
 * failed record; the other groups go on.
 */
export async function runFifoBatch(records: readonly SQSRecord[], handleRecord: (record: SQSRecord) => Promise<unknown>): Promise<FifoBatchOutcome> {
  const failed: { record: SQSRecord; error: unknown }[] = [];
  const skipped: SQSRecord[] = [];
  await Promise.all(
    messageGroups(records).map(async (group) => {
      for (const [i, record] of group.entries()) {
        try {
          await handleRecord(record);
        } catch (error) {
          failed.push({ record, error });
          skipped.push(...group.slice(i + 1));
          return;
        }
      }
    }),
  );
  return { failed, skipped };
}
