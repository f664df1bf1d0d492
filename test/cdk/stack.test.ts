import { App, type Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import { functionDefinitions } from '#definitions/functions';
import { queueDefinitions } from '#definitions/queues';
import { asyncInvocationDefinitions } from '#definitions/async-invocations';
import { routeDefinitions } from '#definitions/routes';
import { tableSchema } from '#definitions/table';
import { DestekStack } from '#lib/destek-stack';
import { matchDeadLetters } from '#cli/dlq-cloudformation';

const projectRoot = resolve(import.meta.dirname, '../..');
const config = { ...loadConfig(), stackName: 'DestekTest' };

function synth(extra?: (stack: Stack) => void, bundle = true, env?: { account: string; region: string }) {
  // Without bundling when only cdk-nag's verdict matters: it does not look at the function code.
  const app = new App(bundle ? {} : { context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new DestekStack(app, 'DestekTest', { config, projectRoot, ...(env ? { env } : {}) });
  extra?.(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

let template: Template;
let stack: DestekStack;
let synthError: unknown;

beforeAll(() => {
  const built = synth();
  const { app } = built;
  stack = built.stack;
  try {
    app.synth();
  } catch (e) {
    synthError = e;
  }
  template = Template.fromStack(stack);
});

describe('the CDK stack', () => {
  it('passes cdk-nag AwsSolutions with every finding acknowledged', () => {
    expect(synthError).toBeUndefined();
  });

  it.each(['eu-central-1', 'us-east-1'])('passes cdk-nag with a concrete account in %s too: acknowledgements name what the stack resolves', (region) => {
    const { app } = synth(undefined, false, { account: '123456789012', region });
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synthesis when a finding is not acknowledged (the check can fail)', () => {
    const { app } = synth((stack) => new Queue(stack, 'Unencrypted', { enforceSSL: false }), false);
    expect(() => app.synth()).toThrow();
    // A whole synthesis with cdk-nag: minutes when the machine is busy.
  }, 300_000);

  it('has the one table from the schema: PITR, encryption, TTL, every GSI with only its projected attributes, on demand', () => {
    // The support table and, with orders.source "dynamodb", the orders table.
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: tableSchema.ttlAttribute, Enabled: true },
      GlobalSecondaryIndexes: tableSchema.indexes.map((i) =>
        Match.objectLike({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
          // Never ALL: a whole item copied into every index costs a write per index on each change.
          Projection: 'include' in i ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...i.include] } : { ProjectionType: 'KEYS_ONLY' },
        }),
      ),
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('keeps customer files in a private, encrypted, TLS-only bucket with access logs and a lifecycle', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }] })]),
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('has each queue FIFO, encrypted, deduplicated by id not content, with a DLQ and an alarm on it; each async function a DLQ and an alarm', () => {
    for (const def of Object.values(queueDefinitions)) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        ...(def.fifo ? { FifoQueue: true, ContentBasedDeduplication: false } : { FifoQueue: Match.absent(), ContentBasedDeduplication: Match.absent() }),
        SqsManagedSseEnabled: true,
        VisibilityTimeout: def.visibilityTimeoutSeconds,
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: def.maxReceiveCount },
      });
    }
    const queues = Object.keys(queueDefinitions).length;
    const asyncFunctions = Object.keys(asyncInvocationDefinitions).length;
    template.resourceCountIs('AWS::SQS::Queue', queues * 2 + asyncFunctions);
    template.resourceCountIs('AWS::SQS::QueuePolicy', queues * 2 + asyncFunctions);
    // One dead-letter alarm per queue and per asynchronously invoked function (the other alarms: test/cdk/observability.test.ts).
    template.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' },
      queues + asyncFunctions,
    );
  });

  it('bundles every function on nodejs22.x arm64 without run-time source maps unless configured, with its own retained log group', () => {
    // Ours, by description: CDK's own deploy-time helpers (e.g. the widget's bucket deployment) are not.
    const descriptions = new Set<string>(Object.values(functionDefinitions).map((d) => d.description));
    const fns = Object.fromEntries(
      Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, f]) => descriptions.has(f.Properties.Description)),
    );
    expect(Object.keys(fns)).toHaveLength(Object.keys(functionDefinitions).length);
    // Each its own bundle (its entry's), not one function's code under every name.
    expect(new Set(Object.values(fns).map((f) => JSON.stringify(f.Properties.Code))).size).toBe(Object.keys(functionDefinitions).length);
    for (const fn of Object.values(fns)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogGroup: expect.anything() },
      });
      // Parsing source maps slows every cold start: observability.sourceMaps turns them on.
      expect(fn.Properties.Environment.Variables).not.toHaveProperty('NODE_OPTIONS');
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: config.logRetentionDays });
  });

  it('connects each queue to its consumer with partial batch failure reporting', () => {
    // The other mappings read the table's stream (test/cdk/agent-live.test.ts): they have a starting position.
    const queueMappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => !m.Properties.StartingPosition);
    expect(queueMappings).toHaveLength(Object.keys(queueDefinitions).length);
    for (const m of queueMappings) expect(m.Properties).toMatchObject({ FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10 });
  });

  it('serves every route of the definitions; agent routes need the Cognito JWT, channel routes do not', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    for (const def of routeDefinitions) {
      const route = routes.find((r) => r.Properties.RouteKey === `${def.method} ${def.path}`);
      expect(route, `${def.method} ${def.path}`).toBeDefined();
      expect(route!.Properties.AuthorizationType ?? 'NONE').toBe(def.auth === 'agent' ? 'JWT' : 'NONE');
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: { ThrottlingRateLimit: config.api.throttleRatePerSecond, ThrottlingBurstLimit: config.api.throttleBurst },
    });
  });

  it('builds the Lex V2 bot for the locales Lex answers, and lets only the pipeline call RecognizeText', () => {
    template.resourceCountIs('AWS::Lex::Bot', 1);
    const bot = Object.values(template.findResources('AWS::Lex::Bot'))[0]!;
    // The locales travel in the bot's import archive (an asset), not inline in the template.
    expect(bot.Properties.BotLocales).toBeUndefined();
    expect(bot.Properties.BotFileS3Location).toMatchObject({ S3ObjectKey: expect.stringMatching(/\.zip$/) });
    const locales = Object.keys(stack.destek.bot!.definition).filter((path) => path.endsWith('/BotLocale.json'));
    expect(locales.map((path) => path.split('/')[2])).toEqual(['en_US']);
    template.resourceCountIs('AWS::Lex::BotAlias', 1);
    const policies = template.findResources('AWS::IAM::Policy');
    const withLex = Object.entries(policies)
      .filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('lex:RecognizeText'))
      .map(([id]) => id);
    expect(withLex).toHaveLength(1);
    expect(withLex[0]).toMatch(/^DestekpipelineRole/);
    const pipeline = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f) => JSON.stringify(f).includes('BRAIN_SETTINGS') && JSON.stringify(f).includes('LEX_BOT_ID'),
    );
    expect(pipeline?.Properties.Environment.Variables).toMatchObject({
      LEX_BOT_ID: expect.anything(),
      LEX_BOT_ALIAS_ID: expect.anything(),
      ORDERS_TABLE_NAME: expect.anything(),
    });
  });

  it('has an agent user pool with MFA, no self sign-up, and the agent and admin groups', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    for (const g of ['agent', 'admin']) template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: g });
  });

  it('grants each function only its bindings: the agent API writes tickets, sends replies, signs file links and uploads, and erases files; the ingest only counts messages in the table', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const actionsOf = (fn: string) =>
      Object.entries(policies)
        .filter(([id]) => id.startsWith(`Destek${fn}Role`))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
    expect(actionsOf('agentApi')).toContain('dynamodb:Query');
    expect(actionsOf('agentApi')).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'sqs:SendMessage', 's3:DeleteObject*']));
    // The links it signs act with its role: GET for a ticket's files, PUT for agents' uploads.
    expect(actionsOf('agentApi')).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:PutObject']));
    expect(actionsOf('agentApi')).not.toContain('lex:RecognizeText');
    expect(actionsOf('chatIngest')).toContain('sqs:SendMessage');
    expect(actionsOf('chatIngest').filter((a: string) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:UpdateItem']);
    expect(actionsOf('pipeline')).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'sqs:SendMessage']));
  });

  it("lets the chat ingest put visitors' files under chat/ of the attachments bucket and nothing else there (no read, no delete, no other prefix)", () => {
    const statements = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('DestekchatIngestRole'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const s3 = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect(s3[0]!.Action).toBe('s3:PutObject');
    expect(s3[0]!.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^DestekDataAttachments/), 'Arn'] }, '/chat/*']] });
    const chatIngest = Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
      String(f.Properties.Description).startsWith('Validates chat messages'),
    );
    expect(chatIngest?.Properties.Environment.Variables.ATTACHMENTS_BUCKET).toEqual({ Ref: expect.stringMatching(/^DestekDataAttachments/) });
  });

  it('has SLA timers: a schedule group, a role only Scheduler of this account assumes that may only invoke the SLA checker and send to its DLQ, and the pipeline may set timers there', () => {
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] } },
    });
    expect(Object.keys(roles)).toHaveLength(1);
    const [roleId, role] = Object.entries(roles)[0]!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toMatchObject({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': expect.anything() },
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const schedulerPolicy = policies.find((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))!;
    const statements = schedulerPolicy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: { 'Fn::GetAtt': [string, string] } }[];
    expect(statements.flatMap((st) => [st.Action].flat())).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']);
    const targets = statements.map((st) => st.Resource['Fn::GetAtt'][0]);
    expect(targets).toEqual([expect.stringMatching(/^DestekslaCheck[0-9A-F]/), expect.stringMatching(/^DestekAsyncInvocationsslaCheckDlq/)]);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^DestekslaCheck[0-9A-F]') },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DestekAsyncInvocationsslaCheckDlq'), 'Arn'] } } },
    });

    const pipelineActions = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('DestekpipelineRole'))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement.flatMap((st: { Action: string | string[] }) => [st.Action].flat()));
    expect(pipelineActions).toEqual(expect.arrayContaining(['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:GetSchedule', 'iam:PassRole']));
    expect(pipelineActions).not.toContain('scheduler:DeleteScheduleGroup');
    const pipeline = Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
      String(f.Properties.Description).startsWith('Resolves customer'),
    );
    expect(pipeline?.Properties.Environment.Variables).toMatchObject({
      SLA_SCHEDULE_GROUP: expect.anything(),
      SLA_TARGET_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^DestekslaCheck[0-9A-F]/), 'Arn'] },
      SLA_SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [roleId, 'Arn'] },
      SLA_DEAD_LETTER_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^DestekAsyncInvocationsslaCheckDlq/), 'Arn'] },
    });
  });

  it("has one secret and no customer-managed key: the agent API signs CSAT links with a key derived from the secret's master key", () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'masterKey', PasswordLength: 64 }),
    });
    const agentApi = Object.values(template.findResources('AWS::Lambda::Function')).find((f) =>
      String(f.Properties.Description).startsWith('Agent dashboard API'),
    );
    expect(agentApi?.Properties.Environment.Variables).toMatchObject({
      DESTEK_MASTER_KEY: { 'Fn::Join': ['', expect.arrayContaining(['{{resolve:secretsmanager:', ':SecretString:masterKey::}}'])] },
      PUBLIC_API_URL: { 'Fn::Join': ['', expect.arrayContaining(['https://', '.execute-api.'])] },
      OUTBOUND_QUEUE_URL: expect.anything(),
      ATTACHMENTS_BUCKET: expect.anything(),
    });
  });
});

describe('destek dlq’s lookup of a deployed stack', () => {
  it('finds every queue’s and every asynchronous function’s dead-letter queue, what it drains and the support table in the template, by the ids the constructs use', () => {
    const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, any> }>;
    // The logical id stands in for CloudFormation's physical id, so each match can be traced.
    const found = matchDeadLetters(Object.entries(resources).map(([id, r]) => ({ LogicalResourceId: id, PhysicalResourceId: id, ResourceType: r.Type })));
    expect(found.targets.map((t) => t.source.key).sort()).toEqual([...Object.keys(queueDefinitions), ...Object.keys(asyncInvocationDefinitions)].sort());
    const invokeConfigs = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig');
    for (const t of found.targets) {
      if (t.source.kind === 'queue') {
        // The source queue's redrive policy names exactly the dead-letter queue found for it.
        expect(resources[t.redriveTo]!.Properties!.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [t.deadLetterUrl, 'Arn'] });
        continue;
      }
      // The function found is the one whose on-failure destination is the dead-letter queue found.
      expect(resources[t.redriveTo]!.Type).toBe('AWS::Lambda::Function');
      const config = invokeConfigs.filter((c) => JSON.stringify(c.Properties!.FunctionName) === JSON.stringify({ Ref: t.redriveTo }));
      expect(config, t.source.key).toHaveLength(1);
      expect(config[0]!.Properties!.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': [t.deadLetterUrl, 'Arn'] });
    }
    expect(resources[found.tableName!]!.Properties!.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });
});
