import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type DestekConfig } from '#config/config';
import { DestekStack } from '#lib/destek-stack';

const projectRoot = resolve(import.meta.dirname, '../..');
const base = loadConfig();

/** Template assertions only: bundling is skipped. */
function templateOf(config: DestekConfig, id: string): Template {
  const stack = new DestekStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), id, { config: { ...config, stackName: id }, projectRoot });
  return Template.fromStack(stack);
}

describe('ticket search in the stack', () => {
  it('creates no search resource by default: the index lives in the table and costs nothing while idle', () => {
    const template = templateOf(base, 'DestekSearchDefault');
    const resources = Object.values(template.toJSON().Resources as Record<string, { Type: string }>);
    expect(resources.filter((r) => r.Type.startsWith('AWS::OpenSearchServerless::'))).toEqual([]);
  });

  it('creates an OpenSearch Serverless collection with its policies when configured, and gives the API and the indexer its endpoint', () => {
    const template = templateOf({ ...base, search: { engine: 'opensearch' } }, 'DestekSearchOpenSearch');
    template.resourceCountIs('AWS::OpenSearchServerless::Collection', 1);
    template.hasResourceProperties('AWS::OpenSearchServerless::Collection', { Type: 'SEARCH' });
    template.resourceCountIs('AWS::OpenSearchServerless::SecurityPolicy', 2);
    template.resourceCountIs('AWS::OpenSearchServerless::AccessPolicy', 1);
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { OPENSEARCH_ENDPOINT: Match.anyValue() } } },
    });
    expect(Object.keys(functions).sort()).toEqual([expect.stringMatching(/AgentApi/i), expect.stringMatching(/AgentLive/i)].sort());
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'aoss:APIAccessAll' })]) },
    });
  });
});
