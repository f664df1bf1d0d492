import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Validations } from 'aws-cdk-lib';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DestekConfig, loadConfig } from '#config/config';
import { changeFeedDefinitions } from '#definitions/change-feed';
import { functionDefinitions } from '#definitions/functions';
import { webhookQueueDefinition } from '#definitions/webhooks';
import { DestekStack } from '#lib/destek-stack';

const projectRoot = resolve(import.meta.dirname, '../..');
const base = loadConfig();
const withWebhooks: DestekConfig = {
  ...base,
  events: {
    include: ['customerEmail'],
    webhooks: [
      { url: 'https://erp.shop.example/destek', secretName: 'destek/erp-webhook', events: ['Ticket Created', 'Ticket Resolved'] },
      { url: 'https://crm.shop.example/hooks', secretName: 'destek/crm-webhook', events: ['Customer Erased'] },
    ],
  },
};

/** A synthesised stack (cdk-nag's verdict included; no bundling, which no assertion here looks at). */
function synth(config: DestekConfig, name: string) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new DestekStack(app, name, { config: { ...config, stackName: name }, projectRoot });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let error: unknown;
  try {
    app.synth();
  } catch (e) {
    error = e;
  }
  return { stack, template: Template.fromStack(stack), error };
}

let plain: ReturnType<typeof synth>;
let hooked: ReturnType<typeof synth>;
beforeAll(() => {
  plain = synth(base, 'DestekEventsTest');
  hooked = synth(withWebhooks, 'DestekHooksTest');
});

const publisherId = (template: Template) => {
  const [id] = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Description: functionDefinitions.eventPublisher.description } }));
  return id!;
};

describe("the shop's event bus in the CDK stack", () => {
  it('creates one custom bus, which eventPublisher may put events on, and nothing else may', () => {
    const { template, stack } = plain;
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'DestekEventsTest-events' });
    const busArn = JSON.stringify(stack.resolve(stack.destek.events.bus.eventBusArn));
    const roles = new Set<string>();
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { PolicyDocument: unknown; Roles: { Ref: string }[] } }[]) {
      const doc = JSON.stringify(policy.Properties.PolicyDocument);
      if (doc.includes('events:PutEvents')) {
        expect(doc).toContain(busArn);
        for (const r of policy.Properties.Roles) roles.add(r.Ref);
      }
    }
    const fn = template.findResources('AWS::Lambda::Function')[publisherId(template)] as {
      Properties: { Role: { 'Fn::GetAtt': [string] }; Environment: { Variables: Record<string, unknown> } };
    };
    expect([...roles]).toEqual([fn.Properties.Role['Fn::GetAtt'][0]]);
    expect(fn.Properties.Environment.Variables).toMatchObject({
      EVENT_BUS_NAME: stack.resolve(stack.destek.events.bus.eventBusName),
      EVENTS_SETTINGS: JSON.stringify({ include: [] }),
    });
    expect(fn.Properties.Environment.Variables).not.toHaveProperty('WEBHOOKS');
  });

  it("reads the table's stream for eventPublisher with the shop events' filters, partial batch failures and retries", () => {
    const def = changeFeedDefinitions.shopEvents;
    plain.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: publisherId(plain.template) },
      EventSourceArn: { 'Fn::GetAtt': [Match.anyValue(), 'StreamArn'] },
      StartingPosition: 'LATEST',
      MaximumRetryAttempts: def.retryAttempts,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: def.filters.map((f) => ({ Pattern: JSON.stringify(f) })) },
    });
  });

  it('has no webhook rule, queue or secret grant without webhooks configured', () => {
    expect(Object.values(plain.template.findResources('AWS::Events::Rule')).filter((r) => JSON.stringify(r).includes('Signed webhook'))).toEqual([]);
    expect(plain.stack.destek.events.webhookQueue).toBeUndefined();
    expect(JSON.stringify(plain.template.findResources('AWS::IAM::Policy'))).not.toContain('webhook');
    // Two webhooks add: two rules, the queue, its dead-letter queue, their two queue policies, an alarm, a mapping.
    const count = (t: Template) => Object.keys(t.toJSON().Resources).length;
    expect(count(hooked.template) - count(plain.template)).toBe(8);
  });

  it('passes cdk-nag with and without webhooks', () => {
    expect(plain.error).toBeUndefined();
    expect(hooked.error).toBeUndefined();
  });
});

describe('signed webhooks in the CDK stack, when configured', () => {
  it("routes each webhook's event types from the bus to one encrypted queue, with the webhook's position and the whole event", () => {
    const { template, stack } = hooked;
    const queueArn = stack.resolve(stack.destek.events.webhookQueue!.queueArn);
    for (const [i, types] of [
      [0, ['Ticket Created', 'Ticket Resolved']],
      [1, ['Customer Erased']],
    ] as const) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: Match.anyValue(),
        EventPattern: { source: ['destek'], 'detail-type': types },
        Targets: [Match.objectLike({ Arn: queueArn, InputTransformer: { InputPathsMap: { f1: '$' }, InputTemplate: `{"webhook":${i},"event":<f1>}` } })],
      });
    }
  });

  it('retries a delivery the receiver refuses, then keeps it in an alarmed dead-letter queue', () => {
    const { template, stack } = hooked;
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: webhookQueueDefinition.visibilityTimeoutSeconds,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: stack.resolve(stack.destek.events.webhookDeadLetterQueue!.queueArn),
        maxReceiveCount: webhookQueueDefinition.maxReceiveCount,
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'QueueName', Value: stack.resolve(stack.destek.events.webhookDeadLetterQueue!.queueName) }],
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: publisherId(template) },
      EventSourceArn: stack.resolve(stack.destek.events.webhookQueue!.queueArn),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: webhookQueueDefinition.maxConcurrency },
    });
  });

  it("lets eventPublisher read the webhooks' secrets by name and tells it where each webhook goes", () => {
    const { template } = hooked;
    const fn = template.findResources('AWS::Lambda::Function')[publisherId(template)] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };
    expect(JSON.parse(fn.Properties.Environment.Variables.WEBHOOKS as string)).toEqual([
      { url: 'https://erp.shop.example/destek', secretId: 'destek/erp-webhook' },
      { url: 'https://crm.shop.example/hooks', secretId: 'destek/crm-webhook' },
    ]);
    expect(fn.Properties.Environment.Variables.EVENTS_SETTINGS).toBe(JSON.stringify({ include: ['customerEmail'] }));
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('secret:destek/erp-webhook-??????');
    expect(policies).toContain('secret:destek/crm-webhook-??????');
  });
});
