import type { Context, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '#config/config';
import { runtimeSettings } from '#config/settings';
import type { Analysis } from '#core/analyse';
import { METRICS_NAMESPACE, metricNames } from '#definitions/metrics';

/** An EMF document as CloudWatch reads it from the function's standard output. */
interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

let printed: string[];
let obs: typeof import('#observability');

beforeEach(async () => {
  // The environment the stack gives the functions, with metrics on (the test setup turns them off).
  const settings = runtimeSettings(loadConfig());
  for (const name of ['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'] as const) vi.stubEnv(name, settings[name]!);
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  // Development mode prints through the global console, which the test can read.
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  vi.resetModules();
  printed = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  obs = await import('#observability');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const emfs = () => printed.flatMap((l) => (typeof l === 'string' && l.includes('"_aws"') ? [JSON.parse(l) as Emf] : []));
/** Each metric value with the dimension set it is published under. */
const published = () =>
  emfs().flatMap((doc) =>
    doc._aws.CloudWatchMetrics.flatMap((m) =>
      m.Metrics.map((metric) => ({
        namespace: m.Namespace,
        name: metric.Name,
        value: doc[metric.Name],
        dimensions: Object.fromEntries(m.Dimensions.flat().map((d) => [d, doc[d]])),
      })),
    ),
  );

const analysis = (handling: Analysis['handling'], reply: boolean) =>
  ({ handling, ...(reply ? { reply: { text: 'Kargonuz yolda', resolves: true } } : {}) }) as Analysis;

describe('the metrics the functions emit, as the dashboard and alarms read them', () => {
  it('counts a stored message for its channel, in the namespace and with the dimensions the dashboard reads', () => {
    obs.countInbound('whatsapp', { status: 'stored', createdTicket: true, analysis: analysis('bot', true) });
    obs.metrics.publishStoredMetrics();
    expect(published()).toEqual(
      expect.arrayContaining([
        { namespace: METRICS_NAMESPACE, name: 'InboundStored', value: 1, dimensions: { service: 'destek', channel: 'whatsapp' } },
        { namespace: METRICS_NAMESPACE, name: 'TicketsOpened', value: 1, dimensions: { service: 'destek' } },
        { namespace: METRICS_NAMESPACE, name: 'BotAnswers', value: 1, dimensions: { service: 'destek' } },
      ]),
    );
  });

  it('counts a message the bot did not answer as handed to agents, and a replay only as a replay', () => {
    obs.countInbound('email', { status: 'stored', createdTicket: false, analysis: analysis('human', false) });
    obs.countInbound('email', { status: 'duplicate', createdTicket: false });
    obs.metrics.publishStoredMetrics();
    const names = published().map((m) => m.name);
    expect(names.sort()).toEqual(['HandedToAgents', 'InboundReplayed', 'InboundStored']);
  });

  it('counts sent and failed replies per channel, and a replay of a sent one without a channel', () => {
    obs.countDelivery('telegram', 'sent');
    obs.countDelivery('chat', 'failed');
    obs.countDelivery('chat', 'already-sent');
    obs.metrics.publishStoredMetrics();
    expect(published()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'OutboundSent', dimensions: { service: 'destek', channel: 'telegram' } }),
        expect.objectContaining({ name: 'OutboundFailed', dimensions: { service: 'destek', channel: 'chat' } }),
        expect.objectContaining({ name: 'OutboundReplayed', dimensions: { service: 'destek' } }),
      ]),
    );
  });

  it("counts a record a queue consumer failed, under the function's own name, and still reports it as failed", async () => {
    const { sqsBatchHandler } = await import('#http/sqs-batch');
    const handler = sqsBatchHandler(async (record) => {
      if (record.body === 'bad') throw new Error('cannot read');
    });
    const event = {
      Records: ['good', 'bad'].map((body, i) => ({
        messageId: `m${i}`,
        body,
        attributes: { ApproximateReceiveCount: '1', MessageGroupId: `g${i}` },
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:eu-central-1:123456789012:Destek-inbound.fifo',
      })),
    } as unknown as SQSEvent;
    const context = {
      functionName: 'Destek-pipeline-abc',
      awsRequestId: 'r1',
      invokedFunctionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:x',
      memoryLimitInMB: '256',
      functionVersion: '$LATEST',
      getRemainingTimeInMillis: () => 10_000,
    } as unknown as Context;
    const result = await handler(event, context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(published()).toContainEqual({
      namespace: METRICS_NAMESPACE,
      name: 'FailedRecords',
      value: 1,
      dimensions: { service: 'destek', function_name: 'Destek-pipeline-abc' },
    });
  });

  it("counts what a social webhook could not place and the provider's errors, as its wiring reports them", async () => {
    const { socialWebhookDepsFromEnv } = await import('#wiring/social');
    const deps = socialWebhookDepsFromEnv({ SOCIAL_QUEUE_URL: 'https://sqs.local/q.fifo', ATTACHMENTS_BUCKET: 'b', SOCIAL_SECRET_ARN: 'arn:secret' });
    deps.onProblems!('whatsapp', {
      unplaced: ['message wamid.X without from or from_user_id'],
      providerErrors: [
        { code: '131000', title: 'Something went wrong', scope: 'webhook' },
        { code: '131026', title: 'Message undeliverable', scope: 'status', messageId: 'wamid.Y' },
      ],
    });
    obs.metrics.publishStoredMetrics();
    expect(published()).toEqual(
      expect.arrayContaining([
        { namespace: METRICS_NAMESPACE, name: 'SocialUnplaced', value: 1, dimensions: { service: 'destek' } },
        { namespace: METRICS_NAMESPACE, name: 'SocialProviderErrors', value: 2, dimensions: { service: 'destek' } },
      ]),
    );
  });

  it('publishes only names from the one list the dashboard is built from', () => {
    obs.countSocialWebhookProblems({ unplaced: 1, providerErrors: 1 });
    obs.countInbound('chat', { status: 'stored', createdTicket: true, analysis: analysis('human', true) });
    obs.countDelivery('chat', 'sent');
    obs.countForFunction('FailedRecords', { functionName: 'f' });
    obs.metrics.publishStoredMetrics();
    expect(published().length).toBeGreaterThan(0);
    for (const m of published()) expect(metricNames).toContain(m.name);
  });
});
