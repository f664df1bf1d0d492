import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeadLetterTarget } from '#cli/dlq-cloudformation';
import { describeInvocation, summariseBody } from '#cli/dlq-format';
import { redriveDeduplicationId, sendBack, type DeadLetter } from '#cli/dlq-queue';

const lambda = mockClient(LambdaClient);
const sqs = mockClient(SQSClient);
beforeEach(() => {
  lambda.reset();
  sqs.reset();
});

/** An SES receipt event as the ingest function gets it, and Lambda's record of its failed invocation. */
const receipt = { Records: [{ eventSource: 'aws:ses', ses: { mail: { messageId: 'ses-1', source: 'a@example.com' }, receipt: {} } }] };
const record = {
  version: '1.0',
  timestamp: '2026-12-06T20:00:00.000Z',
  requestContext: {
    requestId: 'req-1',
    functionArn: 'arn:aws:lambda:eu-central-1:123456789012:function:Shop-emailIngest-1:$LATEST',
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  },
  requestPayload: receipt,
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  responsePayload: { errorType: 'NoSuchKey', errorMessage: 'The specified key does not exist.' },
};
const letterOf = (body: unknown, attributes: DeadLetter['attributes'] = {}): DeadLetter => ({
  messageId: 'm-1',
  receiptHandle: 'r',
  body: JSON.stringify(body),
  sentAt: 0,
  attributes,
});
const fnTarget: DeadLetterTarget = {
  source: { kind: 'function', key: 'emailIngest', fifo: false, consumer: 'emailIngest', invokedBy: 'SES' },
  deadLetterUrl: 'https://q/emailIngestDlq',
  redriveTo: 'Shop-emailIngest-1',
};
const clients = () => ({ sqs: new SQSClient({}), lambda: () => new LambdaClient({}) });
const invokedWith = () => {
  const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
  return { input, payload: JSON.parse(Buffer.from(input.Payload as Uint8Array).toString()) };
};

describe('redriving an asynchronously invoked function’s dead letter', () => {
  it('invokes the function asynchronously with the invocation record’s request payload', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    expect(await sendBack(clients(), fnTarget, letterOf(record))).toBe("invoked Shop-emailIngest-1 asynchronously with the record's request payload");
    const { input, payload } = invokedWith();
    expect(input).toMatchObject({ FunctionName: 'Shop-emailIngest-1', InvocationType: 'Event' });
    expect(payload).toEqual(receipt);
  });

  it('invokes it with a raw event as it is (what EventBridge or Scheduler could not deliver)', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const timer = { ticketId: 't-1', dueAt: '2026-12-06T20:00:00.000Z' };
    expect(await sendBack(clients(), fnTarget, letterOf(timer))).toMatch(/with the raw event$/);
    expect(invokedWith().payload).toEqual(timer);
  });

  it('fails (so the message stays) when Lambda does not accept the event', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 500 });
    await expect(sendBack(clients(), fnTarget, letterOf(record))).rejects.toThrow(/answered 500/);
  });
});

describe('why a function’s dead letter failed', () => {
  it('reads the invocation record: the event, how often it was invoked, the condition and the error', () => {
    const shown = describeInvocation(letterOf(record)).join('\n');
    expect(shown).toContain('channel email · kind receipt · message ses-1');
    expect(shown).toContain('invoked 3 time(s) · gave up 2026-12-06T20:00:00.000Z');
    expect(shown).toContain('why: RetriesExhausted · NoSuchKey: The specified key does not exist.');
  });

  it('gives the condition alone when the event grew too old before it could run', () => {
    const old = { ...record, requestContext: { ...record.requestContext, condition: 'EventAgeExceeded', approximateInvokeCount: 1 }, responsePayload: null };
    expect(describeInvocation(letterOf(old)).join('\n')).toContain('why: EventAgeExceeded · no error returned');
  });

  it('says a raw event’s error is not recorded, unless EventBridge or Scheduler put their error attributes on it', () => {
    const bounce = { 'detail-type': 'Email Bounced', source: 'aws.ses', detail: { eventType: 'Bounce', mail: { messageId: 'ses-2' } } };
    const shown = describeInvocation(letterOf(bounce)).join('\n');
    expect(shown).toContain('channel email · kind Email Bounced · message ses-2');
    expect(shown).toContain('why: raw event delivered by EventBridge/Scheduler, error not recorded');
    const withAttributes = letterOf(bounce, {
      ERROR_CODE: { DataType: 'String', StringValue: 'SDK_CLIENT_ERROR' },
      ERROR_MESSAGE: { DataType: 'String', StringValue: 'Lambda function not found' },
      EXHAUSTED_RETRY_CONDITION: { DataType: 'String', StringValue: 'MaximumRetryAttempts' },
    });
    expect(describeInvocation(withAttributes).join('\n')).toContain(
      'why: not delivered by EventBridge/Scheduler: SDK_CLIENT_ERROR: Lambda function not found (MaximumRetryAttempts)',
    );
  });
});

describe('redriving a FIFO queue’s dead letter', () => {
  it('keeps the group and the attributes, and takes a new deduplication id derived from the original', async () => {
    sqs.on(SendMessageCommand).resolves({});
    const fifo: DeadLetterTarget = {
      source: { kind: 'queue', key: 'inbound', fifo: true, consumer: 'pipeline' },
      deadLetterUrl: 'https://q/inboundDlq.fifo',
      redriveTo: 'https://q/inbound.fifo',
    };
    const event = JSON.stringify({ channel: 'chat', conversationKey: 'v1', channelMessageId: 'v1/1' });
    const dead = {
      messageId: 'm-1',
      receiptHandle: 'r',
      body: event,
      groupId: 'chat#v1',
      deduplicationId: 'v1/1',
      attributes: { trace: { DataType: 'String', StringValue: 't' } },
    };
    await sendBack({ sqs: new SQSClient({}) }, fifo, dead);
    const input = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      QueueUrl: 'https://q/inbound.fifo',
      MessageBody: event,
      MessageGroupId: 'chat#v1',
      MessageAttributes: { trace: { DataType: 'String', StringValue: 't' } },
    });
    expect(input.MessageDeduplicationId).not.toBe('v1/1');
    expect(input.MessageDeduplicationId).toBe(redriveDeduplicationId(dead));
    expect(input.MessageDeduplicationId!.length).toBeLessThanOrEqual(128);
    // Another dead letter of the same original (it failed again after a redrive) gets another id.
    expect(redriveDeduplicationId({ ...dead, messageId: 'm-2' })).not.toBe(input.MessageDeduplicationId);
  });
});

describe('a dead letter’s one-line summary', () => {
  it('names channel, conversation and message of the pipeline’s messages, social events and SES notifications', () => {
    expect(summariseBody(JSON.stringify({ channel: 'chat', conversationKey: 'v1', channelMessageId: 'v1/1', text: 'x' }))).toBe(
      'channel chat · conversation v1 · message v1/1',
    );
    expect(
      summariseBody(JSON.stringify({ kind: 'message', message: { channel: 'whatsapp', conversationKey: '905', channelMessageId: 'wamid.1' }, media: [] })),
    ).toBe('channel whatsapp · kind message · conversation 905 · message wamid.1');
    const ses = { Type: 'Notification', Message: JSON.stringify({ notificationType: 'Bounce', mail: { messageId: 'ses-1' } }) };
    expect(summariseBody(JSON.stringify(ses))).toBe('channel email · kind Bounce · message ses-1');
    expect(summariseBody('{"this is": not json')).toBe('not JSON: "{\\"this is\\": not json"');
  });
});
