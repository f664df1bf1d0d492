import { existsSync, readFileSync } from 'node:fs';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { DynamoFailureLog } from '#adapters/failure-log-dynamo';
import type { FailureLog } from '#core/failures';
import { deadLetterSources } from '#definitions/dead-letters';
import { LOCAL_CREDENTIALS } from '#local/storage';
import { UsageError } from './command';
import { findStackDeadLetters, type DeadLetterTarget } from './dlq-cloudformation';
import type { RedriveClients } from './dlq-queue';

/** Everything `destek dlq` works with: the dead-letter queues, the clients, the failure log. */
export interface DeadLetterSetup extends RedriveClients {
  readonly where: string;
  readonly targets: DeadLetterTarget[];
  readonly failures: FailureLog;
}

/** What `destek start` writes to .destek/local.json, as far as dead letters go. */
interface LocalInfo {
  readonly region: string;
  readonly sqs: string;
  readonly dynamodb: string;
  readonly tableName: string;
  readonly queues: Record<string, { url: string; dlqUrl: string }>;
  /** The Lambda Invoke stand-in, which runs the asynchronous invocations. */
  readonly lambda?: string;
  /** Each asynchronously invoked function's dead-letter queue. */
  readonly asyncDeadLetterQueues?: Record<string, { url: string }>;
}

/** The local stack's dead-letter queues, from the file `destek start` wrote. */
export function localSetup(infoFile: string): DeadLetterSetup {
  if (!existsSync(infoFile)) throw new UsageError(`${infoFile} not found: start the local stack (destek start), or name a deployed one with --stack`);
  const info = JSON.parse(readFileSync(infoFile, 'utf8')) as LocalInfo;
  if (!info.queues || !info.sqs || !info.dynamodb || !info.tableName) throw new UsageError(`${infoFile} does not describe a local stack: restart it`);
  const credentials = LOCAL_CREDENTIALS;
  const targets: DeadLetterTarget[] = [];
  for (const source of deadLetterSources()) {
    if (source.kind === 'queue' && info.queues[source.key]) {
      targets.push({ source, deadLetterUrl: info.queues[source.key]!.dlqUrl, redriveTo: info.queues[source.key]!.url });
    }
    // Locally a function's name is what the Invoke stand-in runs it by.
    const fn = source.kind === 'function' ? info.asyncDeadLetterQueues?.[source.key] : undefined;
    if (fn && source.kind === 'function') targets.push({ source, deadLetterUrl: fn.url, redriveTo: source.key });
  }
  const db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials });
  return {
    where: `the local stack (${infoFile})`,
    targets,
    sqs: new SQSClient({ region: info.region, endpoint: info.sqs, credentials }),
    ...(info.lambda ? { lambda: () => new LambdaClient({ region: info.region, endpoint: info.lambda, credentials }) } : {}),
    failures: new DynamoFailureLog(db, info.tableName),
  };
}

/** A deployed stack's dead-letter queues, found by its name in AWS_REGION with the default credentials. */
export async function stackSetup(stackName: string, region = process.env.AWS_REGION): Promise<DeadLetterSetup> {
  if (!region) throw new UsageError('AWS_REGION is not set: set it to the region the stack is deployed in');
  const found = await findStackDeadLetters(new CloudFormationClient({ region }), stackName);
  const sqs = new SQSClient({ region });
  return {
    where: `stack ${stackName} in ${region}`,
    targets: found.targets,
    sqs,
    lambda: () => new LambdaClient({ region }),
    // The SDK's default chain (profiles, SSO, …) signs our DynamoDB client's requests too.
    failures: new DynamoFailureLog(createDocumentClient({ region, credentials: sqs.config.credentials }), found.tableName),
  };
}
