import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type DestekConfig } from '#config/config';
import { queueDefinitions, type QueueDefinition } from '#definitions/queues';
import { DestekStack } from '#lib/destek-stack';

const projectRoot = resolve(import.meta.dirname, '../..');
const base = loadConfig();

/** Template assertions only: bundling is skipped (stack.test.ts synthesises the functions in full). */
function templateOf(config: DestekConfig, id: string): Template {
  const stack = new DestekStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), id, { config: { ...config, stackName: id }, projectRoot });
  return Template.fromStack(stack);
}

const LAMBDA_ACCOUNT_CONCURRENCY = 1000;
const defs = Object.values(queueDefinitions) as QueueDefinition[];

// One synthesis (slow on a busy machine), with throttles unlike the defaults so the test sees them pass through.
const throttled: DestekConfig = {
  ...base,
  api: { throttleRatePerSecond: 1234, throttleBurst: 2345 },
  chat: { ...base.chat, socketThrottle: { ratePerSecond: 321, burst: 654 } },
};
let template: Template;
beforeAll(() => {
  template = templateOf(throttled, 'DestekScaleTest');
});

describe('the stack at Black-Friday scale', () => {
  it('runs every FIFO queue in high-throughput mode: limit per message group, deduplication per group', () => {
    const fifo = Object.values(template.findResources('AWS::SQS::Queue', { Properties: { FifoQueue: true, RedrivePolicy: Match.anyValue() } }));
    expect(fifo).toHaveLength(defs.filter((d) => d.fifo).length);
    for (const q of fifo) {
      expect(q.Properties).toMatchObject({ FifoThroughputLimit: 'perMessageGroupId', DeduplicationScope: 'messageGroup', ContentBasedDeduplication: false });
    }
  });

  it('caps every event source at its definition’s maximum concurrency, together well inside the account’s 1,000', () => {
    // Queue mappings; the table stream's (agentLive) runs one invocation per stream shard, with no cap to set.
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => !m.Properties.StartingPosition);
    expect(mappings).toHaveLength(defs.length);
    const caps = mappings.map((m) => (m.Properties as { ScalingConfig?: { MaximumConcurrency?: number } }).ScalingConfig?.MaximumConcurrency);
    expect(caps.every((c) => typeof c === 'number' && c >= 2 && c <= 1000)).toBe(true);
    expect([...caps].sort()).toEqual(defs.map((d) => d.maxConcurrency).sort());
    // The synchronous APIs (chat, webhooks, agents) need the rest of the account's executions.
    expect(defs.reduce((sum, d) => sum + d.maxConcurrency, 0)).toBeLessThanOrEqual(LAMBDA_ACCOUNT_CONCURRENCY / 2);
  });

  it('throttles both API stages from the configuration, by default above the peak of 500 chat messages/s (2 requests each)', () => {
    expect(base.api.throttleRatePerSecond).toBeGreaterThanOrEqual(500 * 2);
    expect(base.chat.socketThrottle.ratePerSecond).toBeGreaterThanOrEqual(500);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 1234, ThrottlingBurstLimit: 2345 },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'live',
      DefaultRouteSettings: { ThrottlingRateLimit: 321, ThrottlingBurstLimit: 654 },
    });
  });
});
