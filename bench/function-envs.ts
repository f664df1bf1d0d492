import type { DestekConfig } from '#config/config';
import type { FunctionName } from '#definitions/functions';
import { localMasterKey } from '#local/chat-secrets';
import { type LocalEndpoints, type LocalFunctionEnvInput, localFunctionEnvs, localResourceNames } from '#local/function-env';

const NOWHERE = 'http://127.0.0.1:1';

export interface BenchEnvInput {
  readonly config: DestekConfig;
  readonly region: string;
  readonly credentials?: LocalFunctionEnvInput['credentials'];
  /** The stand-ins a benchmark starts; every other endpoint points nowhere (nothing may call it). */
  readonly endpoints?: Partial<LocalEndpoints>;
  readonly queues: LocalFunctionEnvInput['queues'];
  /** Table and bucket names beside the local stack's (e.g. the benchmark's own table). */
  readonly resources?: Partial<ReturnType<typeof localResourceNames>>;
  readonly slaDeadLetterArn?: string;
  readonly overrides?: Record<string, string>;
}

/**
 * Each function's environment as the local stack builds it (`localFunctionEnvs`, the bindings' own
 * variables), for benchmarks that start only some stand-ins: one place for the defaults they share.
 */
export function benchFunctionEnvs(o: BenchEnvInput): Record<FunctionName, Record<string, string>> {
  const arn = (service: string, resource: string) => `arn:aws:${service}:${o.region}:000000000000:${resource}`;
  return localFunctionEnvs({
    config: o.config,
    region: o.region,
    credentials: o.credentials ?? { accessKeyId: 'bench', secretAccessKey: 'bench' },
    endpoints: {
      dynamodb: NOWHERE,
      sqs: NOWHERE,
      s3: NOWHERE,
      ses: NOWHERE,
      scheduler: NOWHERE,
      lambda: NOWHERE,
      secretsManager: NOWHERE,
      eventbridge: NOWHERE,
      apiPort: 1,
      wsPort: 1,
      agentWsPort: 2,
      agentJwksUrl: 'http://127.0.0.1:3/agents/.well-known/jwks.json',
      ...o.endpoints,
    },
    ...localResourceNames(o.config),
    ...o.resources,
    queues: o.queues,
    stackSecretArn: arn('secretsmanager', 'secret:bench'),
    socialProvider: { graphBaseUrl: NOWHERE, url: NOWHERE },
    masterKey: localMasterKey(),
    slaTarget: { functionArn: arn('lambda', 'function:slaCheck'), deadLetterArn: o.slaDeadLetterArn ?? arn('sqs', 'bench-slaCheck-dlq') },
    helpCenter: {
      bucket: 'bench-help-center',
      site: { baseUrl: `${NOWHERE}/help/`, cssPath: 'assets/site.bench.css', jsPath: 'assets/help.bench.js' },
      publisherArn: arn('lambda', 'function:helpCenterPublish'),
    },
    ...(o.overrides ? { overrides: o.overrides } : {}),
  });
}
