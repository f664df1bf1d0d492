import { createHash } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { messageKey, type InboundMessage, type OutboundMessage } from '../core/messages';
import type { OutboundQueue } from '../core/ports';

/**
 * FIFO group and deduplication ids allow 128 characters of a restricted set; longer or stranger
 * values (e-mail Message-IDs, some social ids) become their SHA-256, which is just as unique.
 */
export function fifoToken(value: string): string {
  return /^[\x21-\x7e]{1,128}$/.test(value) ? value : createHash('sha256').update(value).digest('hex');
}

export async function sendFifo(
  sqs: SQSClient,
  queueUrl: string,
  body: unknown,
  groupId: string,
  deduplicationId: string,
): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(body),
      MessageGroupId: fifoToken(groupId),
      MessageDeduplicationId: fifoToken(deduplicationId),
    }),
  );
}

/** Inbound: one group per conversation keeps its order; the channel's message id deduplicates. */
export const enqueueInbound = (sqs: SQSClient, queueUrl: string, msg: InboundMessage): Promise<void> =>
  sendFifo(sqs, queueUrl, msg, `${msg.channel}#${msg.conversationKey}`, messageKey(msg));

export function sqsOutboundQueue(sqs: SQSClient, queueUrl: string): OutboundQueue {
  return {
    send: (msg: OutboundMessage) =>
      sendFifo(sqs, queueUrl, msg, `${msg.channel}#${msg.conversationKey}`, msg.outboundId),
  };
}
