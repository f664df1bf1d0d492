import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { DocumentClient } from '#adapters/aws/dynamodb';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { DynamoTicketSearchIndex, dynamoTicketSearchSource } from '#adapters/search-index-dynamo';
import { ticketsCreatedBetween } from '#adapters/ticket-export';
import { DEFAULT_CONFIG_FILE, loadConfig } from '#config/config';
import { indexTickets } from '#core/search';
import { LOCAL_CREDENTIALS } from '#local/storage';
import { UsageError, type Command } from './command';
import { findStackDeadLetters } from './dlq-cloudformation';

/** Tickets handed to the indexer at once (it indexes eight at a time). */
const CHUNK = 100;
const DATE = /^\d{4}-\d\d-\d\d$/;

export const searchCommand: Command = {
  name: 'search',
  summary: 'index tickets for search again (tickets from before search was deployed)',
  usage: `Usage: destek search reindex --from YYYY-MM-DD [options]

Indexes for search every ticket opened between two days (both included), from the ticket and its
customer messages as they are now: tickets opened before the stack had search, or after an index was
lost. Safe to run again and beside the stack (indexing a ticket twice writes the same entries). For the
table's own index (search.engine "dynamodb", the default).

Options:
  --from YYYY-MM-DD  the first day (UTC) of the tickets' creation
  --to YYYY-MM-DD    the last day (default: today)
  --stack NAME       a deployed stack (AWS_REGION and your AWS credentials); without it, the local stack
  --info-file FILE   the local stack's description (default: .destek/local.json, written by destek start)
  --config FILE      the configuration (default: ${DEFAULT_CONFIG_FILE})
  -h, --help         show this help`,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    stack: { type: 'string' },
    'info-file': { type: 'string' },
    config: { type: 'string' },
  },
  async run(values, positionals) {
    const [sub, ...rest] = positionals;
    if (sub !== 'reindex' || rest.length) throw new UsageError('say what to do: destek search reindex --from YYYY-MM-DD (see destek search --help)');
    const from = values.from as string | undefined;
    const to = (values.to as string | undefined) ?? new Date().toISOString().slice(0, 10);
    if (!from || !DATE.test(from)) throw new UsageError('--from must be a day, YYYY-MM-DD');
    if (!DATE.test(to)) throw new UsageError('--to must be a day, YYYY-MM-DD');
    if (to < from) throw new UsageError(`--to ${to} is before --from ${from}`);
    const config = loadConfig(typeof values.config === 'string' ? values.config : DEFAULT_CONFIG_FILE);
    if (config.search.engine !== 'dynamodb')
      throw new UsageError(`search.engine is "${config.search.engine}": this command indexes the table's own index only`);
    const { doc, table, where } = typeof values.stack === 'string' ? await deployed(values.stack) : local(values['info-file'] as string | undefined);

    const deps = { source: dynamoTicketSearchSource(doc, table), index: new DynamoTicketSearchIndex(doc, table) };
    let indexed = 0;
    const failed: string[] = [];
    let chunk: string[] = [];
    const flush = async () => {
      const unindexed = await indexTickets(chunk, deps);
      failed.push(...unindexed.map((u) => `${u.ticketId} (${(u.error as Error)?.message ?? String(u.error)})`));
      indexed += chunk.length - unindexed.length;
      chunk = [];
    };
    for await (const ticket of ticketsCreatedBetween(doc, table, `${from}T00:00:00.000Z`, `${to}T23:59:59.999Z`)) {
      chunk.push(ticket.id);
      if (chunk.length === CHUNK) await flush();
    }
    if (chunk.length) await flush();
    console.log(`indexed ${indexed} ticket(s) opened ${from} to ${to} in ${where}`);
    if (failed.length) throw new UsageError(`${failed.length} ticket(s) not indexed, run it again: ${failed.slice(0, 5).join('; ')}`);
    return 0;
  },
};

function local(file: string | undefined): { doc: DocumentClient; table: string; where: string } {
  const infoFile = resolve(file ?? join(process.cwd(), '.destek', 'local.json'));
  if (!existsSync(infoFile)) throw new UsageError(`${infoFile} not found: start the local stack (npm start), or name a deployed one with --stack`);
  const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { region?: string; dynamodb?: string; tableName?: string };
  if (!info.region || !info.dynamodb || !info.tableName) throw new UsageError(`${infoFile} does not describe a local stack: restart it`);
  return {
    doc: createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials: LOCAL_CREDENTIALS }),
    table: info.tableName,
    where: `the local stack (${infoFile})`,
  };
}

async function deployed(stackName: string): Promise<{ doc: DocumentClient; table: string; where: string }> {
  const region = process.env.AWS_REGION;
  if (!region) throw new UsageError('AWS_REGION is not set: set it to the region the stack is deployed in');
  const cloudFormation = new CloudFormationClient({ region });
  const { tableName } = await findStackDeadLetters(cloudFormation, stackName);
  // The SDK's default chain (profiles, SSO, …) signs our DynamoDB client's requests too.
  return { doc: createDocumentClient({ region, credentials: cloudFormation.config.credentials }), table: tableName, where: `stack ${stackName} in ${region}` };
}
