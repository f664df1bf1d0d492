import { createHash } from 'node:crypto';
import { AwsClient, type AwsClientOptions } from './client';
import { callJson } from './json-protocol';

/**
 * SQS over its JSON protocol (AmazonSQS, awsJson1_0), with the SDK's command shapes for what the
 * functions send: SendMessage and SendMessageBatch. As the SDK does, an answer's MD5 of the body is
 * checked against what was sent, so a message changed on the way is an error, not a silent copy.
 */
export const SQS_SERVICE = { signingName: 'sqs', endpointId: 'SQS', hostPrefix: 'sqs', name: 'SQS' } as const;
const PROTOCOL = { targetPrefix: 'AmazonSQS', version: '1.0' } as const;

export interface SendMessageCommandInput {
  readonly QueueUrl: string;
  readonly MessageBody: string;
  readonly DelaySeconds?: number;
  readonly MessageGroupId?: string;
  readonly MessageDeduplicationId?: string;
}
export interface SendMessageCommandOutput {
  readonly MessageId?: string;
  readonly MD5OfMessageBody?: string;
  readonly SequenceNumber?: string;
}
export interface SendMessageBatchRequestEntry extends Omit<SendMessageCommandInput, 'QueueUrl'> {
  readonly Id: string;
}
export interface SendMessageBatchCommandInput {
  readonly QueueUrl: string;
  readonly Entries: SendMessageBatchRequestEntry[];
}
export interface SendMessageBatchResultEntry {
  readonly Id: string;
  readonly MessageId?: string;
  readonly MD5OfMessageBody?: string;
  readonly SequenceNumber?: string;
}
export interface BatchResultErrorEntry {
  readonly Id: string;
  readonly SenderFault?: boolean;
  readonly Code?: string;
  readonly Message?: string;
}
export interface SendMessageBatchCommandOutput {
  readonly Successful?: SendMessageBatchResultEntry[];
  /** Entries SQS refused, each with whose fault it was: the rest went out. */
  readonly Failed?: BatchResultErrorEntry[];
}

/** SQS answered with a body digest other than the sent body's. */
export class SqsChecksumError extends Error {
  override name = 'SqsChecksumError';
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

function checkDigest(body: string, digest: string | undefined, what: string): void {
  if (digest !== undefined && digest !== md5(body)) throw new SqsChecksumError(`${what}: SQS's MD5 of the body differs from the sent body's`);
}

export class SendMessageCommand {
  readonly operation = 'SendMessage';
  constructor(readonly input: SendMessageCommandInput) {}
  check(out: SendMessageCommandOutput): SendMessageCommandOutput {
    checkDigest(this.input.MessageBody, out.MD5OfMessageBody, 'SendMessage');
    return out;
  }
}

export class SendMessageBatchCommand {
  readonly operation = 'SendMessageBatch';
  constructor(readonly input: SendMessageBatchCommandInput) {}
  check(out: SendMessageBatchCommandOutput): SendMessageBatchCommandOutput {
    const sent = new Map(this.input.Entries.map((e) => [e.Id, e.MessageBody]));
    for (const ok of out.Successful ?? []) checkDigest(sent.get(ok.Id) ?? '', ok.MD5OfMessageBody, `SendMessageBatch entry ${ok.Id}`);
    return out;
  }
}

export interface ChangeMessageVisibilityBatchCommandInput {
  readonly QueueUrl: string;
  readonly Entries: readonly { readonly Id: string; readonly ReceiptHandle: string; readonly VisibilityTimeout: number }[];
}

export interface ChangeMessageVisibilityBatchCommandOutput {
  readonly Successful?: readonly { readonly Id: string }[];
  readonly Failed?: readonly BatchResultErrorEntry[];
}

export class ChangeMessageVisibilityBatchCommand {
  readonly operation = 'ChangeMessageVisibilityBatch';
  constructor(readonly input: ChangeMessageVisibilityBatchCommandInput) {}
  check(out: ChangeMessageVisibilityBatchCommandOutput): ChangeMessageVisibilityBatchCommandOutput {
    return out;
  }
}

type SqsCommand = SendMessageCommand | SendMessageBatchCommand | ChangeMessageVisibilityBatchCommand;
type OutputOf<C> = C extends SendMessageBatchCommand
  ? SendMessageBatchCommandOutput
  : C extends ChangeMessageVisibilityBatchCommand
    ? ChangeMessageVisibilityBatchCommandOutput
    : SendMessageCommandOutput;

export class SqsClient {
  readonly aws: AwsClient;

  constructor(aws: AwsClient | AwsClientOptions = {}) {
    this.aws = aws instanceof AwsClient ? aws : new AwsClient(SQS_SERVICE, aws);
  }

  async send<C extends SqsCommand>(command: C): Promise<OutputOf<C>> {
    const out = await callJson<never>(this.aws, PROTOCOL, command.operation, command.input);
    return (command.check as (o: unknown) => unknown)(out) as OutputOf<C>;
  }
}
