import { BatchGetCommand, type DocumentClient } from '#adapters/aws/dynamodb';

type Item = Record<string, unknown>;

/** BatchGetItem's limit of keys per request. */
const BATCH = 100;

/**
 * The whole items behind index entries. The indexes project only their keys and what their filters
 * need (see lambdas/definitions/table.ts), so a list reads its rows from the table: one BatchGetItem
 * per 100 rows, in the index's order. A row gone since the Query is left out. `attributes`: read only these.
 */
export async function fullItems(doc: DocumentClient, table: string, entries: readonly Item[], attributes?: readonly string[]): Promise<Item[]> {
  const id = (i: Item) => `${String(i.pk)}\u0000${String(i.sk)}`;
  const found = new Map<string, Item>();
  const wanted = [...new Map(entries.map((e) => [id(e), { pk: e.pk, sk: e.sk }])).values()];
  // Only some attributes (and the keys, to match them up): less to send, the same read units.
  // Each name once: DynamoDB refuses a projection that names an attribute twice.
  const names = [...new Set(['pk', 'sk', ...(attributes ?? [])])];
  const projection = attributes?.length
    ? {
        ProjectionExpression: names.map((_, i) => `#p${i}`).join(', '),
        ExpressionAttributeNames: Object.fromEntries(names.map((a, i) => [`#p${i}`, a])),
      }
    : {};
  const batches: Item[][] = [];
  for (let i = 0; i < wanted.length; i += BATCH) batches.push(wanted.slice(i, i + BATCH));
  // The batches in parallel: a page's latency is one round trip, not one per hundred rows.
  await Promise.all(
    batches.map(async (batch) => {
      let keys = batch;
      for (let attempt = 0; keys.length; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ...projection } } }));
        for (const item of out.Responses?.[table] ?? []) found.set(id(item), item);
        keys = (out.UnprocessedKeys?.[table]?.Keys as Item[] | undefined) ?? [];
      }
    }),
  );
  return entries.map((e) => found.get(id(e))).filter((i): i is Item => i !== undefined);
}
