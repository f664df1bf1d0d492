import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type DestekConfig } from '#config/config';
import { channels } from '#core/messages';
import { functionDefinitions } from '#definitions/functions';
import { channelMetricNames, METRICS_NAMESPACE } from '#definitions/metrics';
import { queueDefinitions } from '#definitions/queues';
import { asyncFunctionNames } from '#definitions/async-invocations';
import { DestekStack } from '#lib/destek-stack';
import { logQueries } from '#lib/constructs/log-queries';

const projectRoot = resolve(import.meta.dirname, '../..');
const ALERT_EMAIL = 'oncall@shop.example';
const EXISTING_TOPIC = 'arn:aws:sns:eu-central-1:123456789012:shop-alarms';
const functionCount = Object.keys(functionDefinitions).length;
const queueCount = Object.keys(queueDefinitions).length;
/** Functions AWS services invoke asynchronously: each has a dead-letter queue and its alarm. */
const asyncCount = asyncFunctionNames.length;

function synth(stackName: string, change: (c: DestekConfig) => DestekConfig, nag: boolean) {
  // The assertions need the template, not the bundles: skipping bundling keeps these synths fast.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new DestekStack(app, stackName, { config: change({ ...loadConfig(), stackName }), projectRoot });
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  return { template: Template.fromStack(stack), error };
}

let on: { template: Template; error: unknown };
let off: { template: Template; error: unknown };

beforeAll(() => {
  on = synth('DestekObsOn', (c) => ({ ...c, observability: { ...c.observability, traceCalls: true, alertEmail: ALERT_EMAIL } }), true);
  // Switching off only removes resources: cdk-nag has nothing new to see, and skipping it halves the time.
  off = synth(
    'DestekObsOff',
    (c) => ({
      ...c,
      alarmTopicArn: EXISTING_TOPIC,
      observability: { dashboard: false, alarms: false, tracing: false, traceCalls: false, sourceMaps: false, oldestMessageAlarmMinutes: 15 },
    }),
    false,
  );
}, 600_000);

const alarmTopicId = (t: Template) => Object.keys(t.findResources('AWS::SNS::Topic', { Properties: { DisplayName: Match.stringLikeRegexp('alarms$') } }));
const alarms = (t: Template) => Object.values(t.findResources('AWS::CloudWatch::Alarm'));

describe('observability in the CDK stack', () => {
  it('synthesises cdk-nag clean with the topic, subscription, alarms, dashboard, queries and tracing', () => {
    expect(on.error).toBeUndefined();
    expect(off.error).toBeUndefined();
  });

  it('creates one TLS-only alarm topic, with no key of its own (CloudWatch cannot use the AWS-managed one), and subscribes the alert address to it', () => {
    const [topicId] = alarmTopicId(on.template);
    expect(alarmTopicId(on.template)).toHaveLength(1);
    expect(on.template.findResources('AWS::SNS::Topic')[topicId!]!.Properties.KmsMasterKeyId).toBeUndefined();
    on.template.resourceCountIs('AWS::KMS::Key', 0);
    on.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: ALERT_EMAIL, TopicArn: { Ref: topicId } });
    on.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it("alarms on every function's errors and throttles, both APIs, every queue's age, dead letters and SLA breaches, all to the one topic", () => {
    const [topicId] = alarmTopicId(on.template);
    const all = alarms(on.template);
    // errors + throttles per function, HTTP 5xx, execution errors of both WebSocket stages (visitors' chat, agents'
    // live socket), oldest message and dead letters per queue, dead letters per asynchronously invoked function, SLA.
    expect(all).toHaveLength(functionCount + 3 + 2 * queueCount + asyncCount + 1);
    for (const alarm of all) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    // Every metric an alarm watches (a function's alarm watches two, summed): what CloudWatch bills.
    const metrics = all.flatMap((a) =>
      a.Properties.Metrics
        ? a.Properties.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).map(
            (m: { MetricStat: { Metric: { Namespace: string; MetricName: string } } }) => `${m.MetricStat.Metric.Namespace}/${m.MetricStat.Metric.MetricName}`,
          )
        : [`${a.Properties.Namespace}/${a.Properties.MetricName}`],
    );
    const count = (m: string) => metrics.filter((x) => x === m).length;
    expect(count('AWS/Lambda/Errors')).toBe(functionCount);
    expect(count('AWS/Lambda/Throttles')).toBe(functionCount);
    on.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'errors + throttles', ReturnData: true })]),
      Threshold: 1,
    });
    expect(count('AWS/ApiGateway/5xx')).toBe(1);
    expect(count('AWS/ApiGateway/ExecutionError')).toBe(2);
    expect(count('AWS/SQS/ApproximateAgeOfOldestMessage')).toBe(queueCount);
    expect(count('AWS/SQS/ApproximateNumberOfMessagesVisible')).toBe(queueCount + asyncCount);
    expect(count(`${METRICS_NAMESPACE}/SlaBreaches`)).toBe(1);
    on.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Statistic: 'Maximum',
      Threshold: 15 * 60,
    });
    on.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: 'SlaBreaches',
      Dimensions: [{ Name: 'service', Value: 'destek' }],
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('with alarms off keeps only the dead-letter alarms, on the existing topic from the configuration', () => {
    const all = alarms(off.template);
    expect(all).toHaveLength(queueCount + asyncCount);
    for (const alarm of all) {
      expect(alarm.Properties.MetricName).toBe('ApproximateNumberOfMessagesVisible');
      expect(alarm.Properties.AlarmActions).toEqual([EXISTING_TOPIC]);
    }
    expect(alarmTopicId(off.template)).toHaveLength(0);
    off.template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email' }, 0);
  });

  it('has a dashboard with messages per channel, errors, queue age, dead letters, SLA breaches, bot vs agents and failed sends', () => {
    on.template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(Object.values(on.template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
    for (const title of [
      'Messages in per channel',
      'Messages out per channel',
      'Failed sends per channel',
      'Function errors',
      'Duration p99 (ms)',
      'Oldest message age per queue (s)',
      'Dead letters per queue',
      'SLA breaches and new tickets',
      'Bot answered vs handed to agents',
    ]) {
      expect(body).toContain(`\\"title\\":\\"${title}\\"`);
    }
    // The names and dimensions the functions emit (lambdas/observability.ts).
    for (const name of channelMetricNames) {
      for (const channel of channels)
        expect(body).toContain(`\\"${METRICS_NAMESPACE}\\",\\"${name}\\",\\"channel\\",\\"${channel}\\",\\"service\\",\\"destek\\"`);
    }
    for (const name of ['BotAnswers', 'HandedToAgents', 'SlaBreaches', 'FailedRecords']) expect(body).toContain(`\\"${name}\\"`);
  });

  it("costs what the README says: its alarm count and the dashboard's metric count match the stack", () => {
    const readme = readFileSync(resolve(projectRoot, 'README.md'), 'utf8');
    const [, stated, watched] = /\*\*(\d+) alarms watching (\d+) metrics\*\*/.exec(readme) ?? [];
    expect(Number(stated)).toBe(alarms(on.template).length);
    const metricsWatched = alarms(on.template).reduce(
      (n, a) => n + (a.Properties.Metrics?.filter((m: { MetricStat?: unknown }) => m.MetricStat).length ?? 1),
      0,
    );
    expect(Number(watched)).toBe(metricsWatched);
    // The body is a Fn::Join of text and references: the references become placeholders to parse it.
    const parts = Object.values(on.template.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody['Fn::Join'][1] as unknown[];
    const body = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'ref')).join('')) as { widgets: { properties: { metrics?: unknown[] } }[] };
    const graphed = body.widgets.reduce((n, w) => n + (w.properties.metrics?.length ?? 0), 0);
    expect(readme).toContain(`this one graphs ${graphed} `);
  });

  it('has no dashboard when the configuration switches it off', () => {
    off.template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  it("saves the Logs Insights queries over every function's log group", () => {
    const queries = Object.values(on.template.findResources('AWS::Logs::QueryDefinition'));
    expect(queries.map((q) => q.Properties.Name).sort()).toEqual(
      Object.keys(logQueries)
        .map((n) => `DestekObsOn/${n}`)
        .sort(),
    );
    for (const q of queries) expect(q.Properties.LogGroupNames).toHaveLength(functionCount);
    on.template.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: 'DestekObsOn/errors',
      QueryString: Match.stringLikeRegexp('filter level = "ERROR"'),
    });
    // The queries do not depend on the switches.
    off.template.resourceCountIs('AWS::Logs::QueryDefinition', Object.keys(logQueries).length);
  });

  it('traces every function actively when tracing is on, and tells the Powertools tracer when SDK calls are traced too', () => {
    const fns = Object.values(on.template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x', Architectures: ['arm64'] } }));
    expect(fns).toHaveLength(functionCount);
    for (const fn of fns) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED).toBe('true');
    }
    on.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' })]) },
    });
  });

  it('leaves tracing off, in Lambda and in the tracer, when the configuration says so', () => {
    const fns = Object.values(off.template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs22.x', Architectures: ['arm64'] } }));
    expect(fns).toHaveLength(functionCount);
    for (const fn of fns) {
      expect(fn.Properties.TracingConfig).toBeUndefined();
      expect(fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED).toBe('false');
    }
    expect(JSON.stringify(off.template.findResources('AWS::IAM::Policy'))).not.toContain('xray:PutTraceSegments');
  });
});
