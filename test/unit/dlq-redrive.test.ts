import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeadLetterTarget } from '../../cli/dlq-cloudformation';
import { describeLetter, summariseBody } from '../../cli/dlq-format';
import { redriveDeduplicationId, sendBack, type DeadLetter } from '../../cli/dlq-queue';

const lambda = mockClient(LambdaClient);
const sqs = mockClient(SQSClient);
beforeEach(() => {
  lambda.reset();
  sqs.reset();
});

const event = JSON.stringify({ Records: [{ eventSource: 'aws:sns', Sns: { Message: '{}' } }] });
const letter: DeadLetter = {
  messageId: 'm-1',
  receiptHandle: 'r',
  body: event,
  attributes: {
    RequestID: { DataType: 'String', StringValue: 'req-1' },
    ErrorCode: { DataType: 'Number', StringValue: '200' },
    ErrorMessage: { DataType: 'String', StringValue: 'Task timed out after 10.00 seconds' },
  },
};
const fnTarget: DeadLetterTarget = { source: { kind: 'function', key: 'emailEvents', fifo: false, consumer: 'emailEvents' }, deadLetterUrl: 'https://q/emailEventsDlq', redriveTo: 'Shop-emailEvents-1' };

describe('redriving a function’s dead letter', () => {
  it('invokes the function asynchronously with the stored event', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await sendBack({ sqs: new SQSClient({}), lambda: () => new LambdaClient({}) }, fnTarget, letter);
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ FunctionName: 'Shop-emailEvents-1', InvocationType: 'Event' });
    expect(Buffer.from(input.Payload as Uint8Array).toString()).toBe(event);
  });

  it('fails (so the message stays) when Lambda does not accept the event', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 500 });
    await expect(sendBack({ sqs: new SQSClient({}), lambda: () => new LambdaClient({}) }, fnTarget, letter)).rejects.toThrow(/answered 500/);
  });

  it('shows why from the failure attributes Lambda puts on the message', () => {
    expect(describeLetter(letter, undefined).join('\n')).toContain('why: 200: Task timed out after 10.00 seconds');
  });
});

describe('redriving a FIFO queue’s dead letter', () => {
  it('keeps the group, takes a new deduplication id derived from the original, and leaves Lambda’s failure attributes behind', async () => {
    sqs.on(SendMessageCommand).resolves({});
    const fifo: DeadLetterTarget = { source: { kind: 'queue', key: 'inbound', fifo: true, consumer: 'pipeline' }, deadLetterUrl: 'https://q/inboundDlq.fifo', redriveTo: 'https://q/inbound.fifo' };
    const dead = { ...letter, groupId: 'chat#v1', deduplicationId: 'v1/1', attributes: { ...letter.attributes, trace: { DataType: 'String', StringValue: 't' } } };
    await sendBack({ sqs: new SQSClient({}) }, fifo, dead);
    const input = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ QueueUrl: 'https://q/inbound.fifo', MessageBody: event, MessageGroupId: 'chat#v1', MessageAttributes: { trace: { DataType: 'String', StringValue: 't' } } });
    expect(input.MessageDeduplicationId).not.toBe('v1/1');
    expect(input.MessageDeduplicationId).toBe(redriveDeduplicationId(dead));
    expect(input.MessageDeduplicationId!.length).toBeLessThanOrEqual(128);
    // Another dead letter of the same original (it failed again after a redrive) gets another id.
    expect(redriveDeduplicationId({ ...dead, messageId: 'm-2' })).not.toBe(input.MessageDeduplicationId);
  });
});

describe('a dead letter’s one-line summary', () => {
  it('names channel, conversation and message of the pipeline’s messages, social events and SES notifications', () => {
    expect(summariseBody(JSON.stringify({ channel: 'chat', conversationKey: 'v1', channelMessageId: 'v1/1', text: 'x' }))).toBe('channel chat · conversation v1 · message v1/1');
    expect(summariseBody(JSON.stringify({ kind: 'message', message: { channel: 'whatsapp', conversationKey: '905', channelMessageId: 'wamid.1' }, media: [] }))).toBe(
      'channel whatsapp · kind message · conversation 905 · message wamid.1',
    );
    const ses = { Type: 'Notification', Message: JSON.stringify({ notificationType: 'Bounce', mail: { messageId: 'ses-1' } }) };
    expect(summariseBody(JSON.stringify(ses))).toBe('channel email · kind Bounce · message ses-1');
    expect(summariseBody('{"this is": not json')).toBe('not JSON: "{\\"this is\\": not json"');
  });
});
