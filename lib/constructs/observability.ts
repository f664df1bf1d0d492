import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { QueryDefinition, QueryString } from 'aws-cdk-lib/aws-logs';
import { Topic, type ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ObservabilityConfig } from '#config/config';
import { channels } from '#definitions/channels';
import { METRICS_NAMESPACE, METRICS_SERVICE, type ChannelMetricName, type MetricName } from '#definitions/metrics';
import { logQueries } from './log-queries';

export interface ObservabilityProps {
  readonly config: ObservabilityConfig;
  /** An existing topic for the alarms; otherwise one is created. */
  readonly alarmTopicArn?: string;
  /** The dead-letter alarms of the queues and of the asynchronously invoked functions: they notify the topic too. */
  readonly deadLetterAlarms: readonly Alarm[];
  /** Every function, by name: errors, throttles, duration, failed records; their log groups carry the saved queries. */
  readonly functions: Readonly<Record<string, LambdaFunction>>;
  /** Every queue and its dead-letter queue, by name, and the dead-letter alarms that already exist. */
  readonly queues: {
    readonly queues: Readonly<Record<string, IQueue>>;
    readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
    readonly alarms: Readonly<Record<string, Alarm>>;
  };
  /** HTTP API stages: alarm on 5xx. */
  readonly httpStages: readonly IStage[];
  /** WebSocket API stages: alarm on ExecutionError (WebSocket APIs have no 5xx metric). */
  readonly webSocketStages: readonly IStage[];
}

const PERIOD = Duration.minutes(5);

/**
 * What an operator needs: one SNS topic every alarm notifies (with the alert address subscribed), the
 * alarms, a dashboard, and the Logs Insights queries saved over the functions' log groups. Alarms and
 * dashboard follow the configuration's switches; the dead-letter alarms (MessageQueues) always notify.
 */
export class Observability extends Construct {
  readonly topic: ITopic;
  /** The alarms this construct made (the dead-letter alarms are MessageQueues'). */
  readonly alarms: Alarm[] = [];
  readonly dashboard?: Dashboard;
  readonly queries: QueryDefinition[];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { config } = props;
    this.topic = props.alarmTopicArn ? Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) : this.createTopic();
    if (config.alertEmail) this.topic.addSubscription(new EmailSubscription(config.alertEmail));
    const action = new SnsAction(this.topic);
    for (const alarm of props.deadLetterAlarms) alarm.addAlarmAction(action);

    if (config.alarms) {
      this.createAlarms(props);
      for (const alarm of this.alarms) alarm.addAlarmAction(action);
    }
    if (config.dashboard) this.dashboard = this.createDashboard(props);
    if (config.tracing) acknowledgeTracing(props.functions);
    const logGroups = Object.values(props.functions).map((fn) => fn.logGroup);
    const prefix = Stack.of(this).stackName;
    this.queries = Object.entries(logQueries).map(
      ([name, query]) =>
        new QueryDefinition(this, `Query${name.replace(/(^|\s)(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`, {
          queryDefinitionName: `${prefix}/${name}`,
          queryString: new QueryString(query),
          logGroups,
        }),
    );
  }

  private createTopic(): Topic {
    const topic = new Topic(this, 'AlarmTopic', { displayName: `${Stack.of(this).stackName} alarms`, enforceSSL: true });
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'CloudWatch cannot publish to a topic under the AWS-managed SNS key, and a customer-managed key costs $1 a month ' +
        'idle; the topic carries alarm names and metric values only, never customer data, and accepts TLS only.',
    });
    return topic;
  }

  private alarm(id: string, description: string, metric: IMetric, threshold: number): void {
    this.alarms.push(
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private createAlarms(props: ObservabilityProps): void {
    // Errors and throttles in one alarm per function: billed per metric all the same, and one
    // CloudFormation resource instead of two (the template's resource count is bounded).
    for (const [name, fn] of Object.entries(props.functions)) {
      const failing = new MathExpression({
        expression: 'errors + throttles',
        usingMetrics: { errors: fn.metricErrors({ period: PERIOD }), throttles: fn.metricThrottles({ period: PERIOD }) },
        label: `${name} errors + throttles`,
        period: PERIOD,
      });
      this.alarm(`${name}Failing`, `${name}: invocations failed (unhandled error, timeout) or were throttled. See the "errors" saved query.`, failing, 1);
    }
    props.httpStages.forEach((stage, i) =>
      this.alarm(
        `HttpApi${i || ''}ServerErrors`,
        'HTTP API answered 5xx: a function failed, timed out or was throttled.',
        stage.metric('5xx', { statistic: 'Sum', period: PERIOD }),
        1,
      ),
    );
    props.webSocketStages.forEach((stage, i) =>
      this.alarm(
        `WebSocket${i || ''}ExecutionErrors`,
        'WebSocket API could not call its function (failure, timeout, throttle).',
        stage.metric('ExecutionError', { statistic: 'Sum', period: PERIOD }),
        1,
      ),
    );
    const maxAge = props.config.oldestMessageAlarmMinutes;
    for (const [name, queue] of Object.entries(props.queues.queues)) {
      this.alarm(
        `${name}OldestMessage`,
        `The ${name} queue's oldest message has waited over ${maxAge} minutes: its consumer is failing or cannot keep up.`,
        queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
        maxAge * 60,
      );
    }
    this.alarm('SlaBreaches', 'A ticket passed its first-response due time unanswered.', destekMetric('SlaBreaches'), 1);
  }

  private createDashboard(props: ObservabilityProps): Dashboard {
    const fns = Object.entries(props.functions);
    const graph = (title: string, metrics: IMetric[], width = 8) => new GraphWidget({ title, left: metrics, width, height: 6 });
    const perChannel = (name: ChannelMetricName) => channels.map((channel) => destekMetric(name, { channel }, channel));
    const dashboard = new Dashboard(this, 'Dashboard', { dashboardName: Stack.of(this).stackName, defaultInterval: Duration.days(1) });
    dashboard.addWidgets(
      graph('Messages in per channel', perChannel('InboundStored')),
      graph('Messages out per channel', perChannel('OutboundSent')),
      graph('Failed sends per channel', perChannel('OutboundFailed')),
    );
    dashboard.addWidgets(
      graph(
        'Function errors',
        fns.map(([name, fn]) => fn.metricErrors({ period: PERIOD, label: name })),
      ),
      graph(
        'Failed records (back to the queue)',
        fns.map(([name, fn]) => destekMetric('FailedRecords', { function_name: fn.functionName }, name)),
      ),
      graph(
        'Duration p99 (ms)',
        fns.map(([name, fn]) => fn.metricDuration({ period: PERIOD, statistic: 'p99', label: name })),
      ),
    );
    dashboard.addWidgets(
      graph(
        'Oldest message age per queue (s)',
        Object.entries(props.queues.queues).map(([name, q]) => q.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum', label: name })),
      ),
      graph(
        'Dead letters per queue',
        Object.entries(props.queues.deadLetterQueues).map(([name, q]) =>
          q.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: name }),
        ),
      ),
      graph('API errors', [
        ...props.httpStages.map((s) => s.metric('5xx', { statistic: 'Sum', period: PERIOD, label: 'HTTP 5xx' })),
        ...props.webSocketStages.map((s) => s.metric('ExecutionError', { statistic: 'Sum', period: PERIOD, label: 'WebSocket execution errors' })),
      ]),
    );
    dashboard.addWidgets(
      graph('Bot answered vs handed to agents', [destekMetric('BotAnswers', {}, 'bot answered'), destekMetric('HandedToAgents', {}, 'handed to agents')], 12),
      graph('SLA breaches and new tickets', [destekMetric('SlaBreaches', {}, 'SLA breaches'), destekMetric('TicketsOpened', {}, 'tickets opened')], 12),
    );
    dashboard.addWidgets(
      graph(
        'Social webhooks: provider errors and content not placed',
        [destekMetric('SocialProviderErrors', {}, 'provider errors'), destekMetric('SocialUnplaced', {}, 'not placed')],
        24,
      ),
    );
    dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: [...this.alarms, ...Object.values(props.queues.alarms)], width: 24 }));
    return dashboard;
  }
}

/** A count the functions emit (lambdas/definitions/metrics.ts), summed over five minutes. */
function destekMetric(name: MetricName, dimensions: Record<string, string> = {}, label?: string): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE, ...dimensions },
    statistic: 'Sum',
    period: PERIOD,
    ...(label ? { label } : {}),
  });
}

/** The X-Ray write permissions active tracing adds have no resource-level form. */
export function acknowledgeTracing(functions: Readonly<Record<string, LambdaFunction>>): void {
  for (const fn of Object.values(functions)) {
    if (!fn.role) continue;
    Validations.of(fn.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords take no resource ARN, so CDK grants them on *.',
    });
  }
}
