import { type CloudFormationClient, paginateListStackResources, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { constructIds, constructPaths, deadLetterSources, logicalIdEndsWith, type DeadLetterSource } from '#definitions/dead-letters';
import { UsageError } from './command';

/** A dead-letter queue of a stack and where its messages go back to. */
export interface DeadLetterTarget {
  readonly source: DeadLetterSource;
  readonly deadLetterUrl: string;
  /** queue: the source queue's URL; function: the function's name. */
  readonly redriveTo: string;
}

export interface StackDeadLetters {
  readonly targets: DeadLetterTarget[];
  /** The support table, where the consumers record why each message failed. */
  readonly tableName: string;
}

const QUEUE = 'AWS::SQS::Queue';
const FUNCTION = 'AWS::Lambda::Function';
const TABLE = 'AWS::DynamoDB::Table';

/**
 * Finds a deployed stack's dead-letter queues, what each drains and the support table, from the
 * stack's resources: each by the construct path it was created at (lambdas/definitions/dead-letters).
 * A queue's physical id is its URL; a function's is its name.
 */
export async function findStackDeadLetters(
  cfn: CloudFormationClient,
  stackName: string,
  sources: DeadLetterSource[] = deadLetterSources(),
): Promise<StackDeadLetters> {
  const resources: StackResourceSummary[] = [];
  try {
    for await (const page of paginateListStackResources({ client: cfn }, { StackName: stackName })) resources.push(...(page.StackResourceSummaries ?? []));
  } catch (e) {
    if ((e as Error).name === 'ValidationError') throw new UsageError(`stack ${stackName} not found (${(e as Error).message})`);
    throw e;
  }
  const found = matchDeadLetters(resources, sources);
  if (!found.tableName) throw new UsageError(`stack ${stackName} has no Destek support table: is it a Destek stack?`);
  if (!found.targets.length) throw new UsageError(`stack ${stackName} has no dead-letter queues destek knows`);
  return { targets: found.targets, tableName: found.tableName };
}

/** A stack's resources → its dead-letter queues and support table (what is missing is left out). */
export function matchDeadLetters(
  resources: readonly Pick<StackResourceSummary, 'LogicalResourceId' | 'PhysicalResourceId' | 'ResourceType'>[],
  sources: DeadLetterSource[] = deadLetterSources(),
): { targets: DeadLetterTarget[]; tableName?: string } {
  const find = (type: string, parts: readonly string[]) =>
    resources.find((r) => r.ResourceType === type && r.PhysicalResourceId && logicalIdEndsWith(r.LogicalResourceId ?? '', parts))?.PhysicalResourceId;
  const targets: DeadLetterTarget[] = [];
  for (const source of sources) {
    const paths = constructPaths(source);
    const deadLetterUrl = find(QUEUE, paths.deadLetter);
    const redriveTo = find(source.kind === 'queue' ? QUEUE : FUNCTION, paths.target);
    if (deadLetterUrl && redriveTo) targets.push({ source, deadLetterUrl, redriveTo });
  }
  const tableName = find(TABLE, [constructIds.data, constructIds.table]);
  return { targets, ...(tableName ? { tableName } : {}) };
}
