import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { findStackDeadLetters } from '#cli/dlq-cloudformation';
import { asyncInvocationDefinitions } from '#definitions/async-invocations';
import { deadLetterSources } from '#definitions/dead-letters';

const cfn = mockClient(CloudFormationClient);
const client = new CloudFormationClient({ region: 'eu-central-1' });
const url = (name: string) => `https://sqs.eu-central-1.amazonaws.com/123456789012/${name}`;
const resource = (LogicalResourceId: string, PhysicalResourceId: string, ResourceType: string) => ({
  LogicalResourceId,
  PhysicalResourceId,
  ResourceType,
  ResourceStatus: 'CREATE_COMPLETE' as const,
  LastUpdatedTimestamp: new Date(0),
});
const queue = (logical: string, name: string) => resource(logical, url(name), 'AWS::SQS::Queue');

/** What CloudFormation lists for a Destek stack (the logical ids as CDK makes them: path + hash). */
const page1 = [
  resource('DestekDataTable9C0D6C3E', 'Shop-DestekDataTable-1X2Y', 'AWS::DynamoDB::Table'),
  resource('DestekOrdersTable5D2E8E2A', 'Shop-Orders-9Z', 'AWS::DynamoDB::Table'),
  queue('DestekQueuesinboundDlq1A2B3C4D', 'Shop-inboundDlq-AB.fifo'),
  queue('DestekQueuesinbound5E6F7A8B', 'Shop-inbound-CD.fifo'),
  resource('DestekQueuesinboundDlqPolicy0F1E2D3C', 'policy', 'AWS::SQS::QueuePolicy'),
  queue('DestekQueuessocialDlqF00DBABE', 'Shop-socialDlq-EF.fifo'),
  queue('DestekQueuessocialC0FFEE00', 'Shop-social-GH.fifo'),
];
const page2 = [
  queue('DestekQueuesoutboundDlq12345678', 'Shop-outboundDlq-IJ.fifo'),
  queue('DestekQueuesoutbound9ABCDEF0', 'Shop-outbound-KL.fifo'),
  resource('DestekpipelineA1B2C3D4', 'Shop-pipeline-MN', 'AWS::Lambda::Function'),
  resource('DestekemailIngest0A1B2C3D', 'Shop-emailIngest-MN', 'AWS::Lambda::Function'),
  resource('DestekemailIngestEventInvokeConfig1F2E3D4C', 'config', 'AWS::Lambda::EventInvokeConfig'),
  queue('DestekAsyncInvocationsemailIngestDlq5A6B7C8D', 'Shop-emailIngestDlq-OP'),
  resource('DestekAsyncInvocationsemailIngestDlqAlarm9E8D7C6B', 'alarm', 'AWS::CloudWatch::Alarm'),
  resource('DestekslaCheck4D3C2B1A', 'Shop-slaCheck-QR', 'AWS::Lambda::Function'),
];

beforeEach(() => cfn.reset());

describe('finding a deployed stack’s dead-letter queues through CloudFormation', () => {
  it('maps each queue’s dead-letter queue and source by their construct ids, across pages, and finds the support table', async () => {
    cfn
      .on(ListStackResourcesCommand, { StackName: 'Shop' })
      .resolvesOnce({ StackResourceSummaries: page1, NextToken: 'more' })
      .resolvesOnce({ StackResourceSummaries: page2 });
    const found = await findStackDeadLetters(client, 'Shop');
    expect(found.tableName).toBe('Shop-DestekDataTable-1X2Y');
    expect(found.targets.map((t) => [t.source.key, t.deadLetterUrl, t.redriveTo])).toEqual([
      ['inbound', url('Shop-inboundDlq-AB.fifo'), url('Shop-inbound-CD.fifo')],
      ['outbound', url('Shop-outboundDlq-IJ.fifo'), url('Shop-outbound-KL.fifo')],
      ['social', url('Shop-socialDlq-EF.fifo'), url('Shop-social-GH.fifo')],
      // An asynchronous function: its DLQ under AsyncInvocations, and the function (by name) it goes back to.
      ['emailIngest', url('Shop-emailIngestDlq-OP'), 'Shop-emailIngest-MN'],
    ]);
    // The paginator reuses one input object, so only the count and the last token are telling.
    const calls = cfn.commandCalls(ListStackResourcesCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input).toMatchObject({ StackName: 'Shop', NextToken: 'more' });
  });

  it('finds each asynchronously invoked function’s dead-letter queue under AsyncInvocations and the function it redrives to, and leaves out one whose queue is missing', async () => {
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [...page1, ...page2] });
    const found = await findStackDeadLetters(client, 'Shop', deadLetterSources({}, ['emailIngest', 'slaCheck']));
    expect(found.targets).toEqual([
      {
        source: { kind: 'function', key: 'emailIngest', fifo: false, consumer: 'emailIngest', invokedBy: asyncInvocationDefinitions.emailIngest.invokedBy },
        deadLetterUrl: url('Shop-emailIngestDlq-OP'),
        redriveTo: 'Shop-emailIngest-MN',
      },
    ]);
  });

  it('says in one line when the stack does not exist', async () => {
    cfn.on(ListStackResourcesCommand).rejects(Object.assign(new Error('Stack with id Nope does not exist'), { name: 'ValidationError' }));
    await expect(findStackDeadLetters(client, 'Nope')).rejects.toThrow(/^stack Nope not found \(Stack with id Nope does not exist\)$/);
  });

  it('refuses a stack that is not a Destek stack', async () => {
    cfn.on(ListStackResourcesCommand).resolves({ StackResourceSummaries: [queue('SomethingElseQueue12345678', 'other')] });
    await expect(findStackDeadLetters(client, 'Other')).rejects.toThrow(/no Destek support table/);
  });
});
