import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchDeadLetters } from '../../cli/dlq-cloudformation';
import { loadConfig } from '../../lambdas/config/config';
import { queueDefinitions } from '../../lambdas/definitions/queues';
import { DestekStack } from '../../lib/destek-stack';

const projectRoot = resolve(import.meta.dirname, '../..');

let resources: Record<string, { Type: string; Properties?: Record<string, any> }>;

beforeAll(() => {
  // Without bundling: only the resources' logical ids and properties matter here.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new DestekStack(app, 'DlqLookup', { config: { ...loadConfig(), stackName: 'DlqLookup' }, projectRoot });
  resources = Template.fromStack(stack).toJSON().Resources;
});

describe('destek dlq’s lookup of a deployed stack', () => {
  it('finds every queue’s dead-letter queue, its source and the support table in the synthesised template, by the ids the constructs use', () => {
    // CloudFormation's physical id stands in as the logical id itself, so the match can be traced.
    const found = matchDeadLetters(Object.entries(resources).map(([id, r]) => ({ LogicalResourceId: id, PhysicalResourceId: id, ResourceType: r.Type })));

    expect(found.targets.map((t) => t.source.key).sort()).toEqual(Object.keys(queueDefinitions).sort());
    for (const t of found.targets) {
      // The source queue's redrive policy names exactly the dead-letter queue found for it.
      expect(resources[t.redriveTo]!.Properties!.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [t.deadLetterUrl, 'Arn'] });
    }
    expect(resources[found.tableName!]!.Properties!.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
  });
});
