import { createDocumentClient } from '../adapters/dynamodb-client';
import { DynamoStore } from '../adapters/dynamo-store';
import { socialSecretsFromEnv } from '../adapters/social-secrets';
import { SocialStore } from '../adapters/social-store';
import { makeSocialSenders } from '../channels/social/senders';
import { socialSettingsFromEnv } from '../channels/social/settings';
import { chatStore } from '../adapters/chat-runtime';
import { createConnectionPusher } from '../adapters/connections-client';
import { sqsOutboundQueue } from '../adapters/fifo-queue';
import { createSqsClient } from '../adapters/sqs-client';
import { s3AttachmentSource } from '../adapters/s3-attachments';
import { createS3Client } from '../adapters/s3-client';
import { makeChatPushSender } from '../channels/chat/push-sender';
import { requireEnv } from '../config/env';
import { storeOptionsFromEnv } from '../config/runtime';
import { deliverOutbound, type DeliverDeps } from '../core/deliver';
import { outboundMessageSchema } from '../core/messages';
import { parseRecord } from '../http/queue-record';
import { sqsBatchHandler } from '../http/sqs-batch';
import { countDelivery, logger } from '../observability';
import { emailSenderFromEnv } from '../channels/email/sender-from-env';
import { DynamoFailureLog } from '../adapters/failure-log-dynamo';

const db = createDocumentClient();
const files = s3AttachmentSource(createS3Client());
const store = new DynamoStore(db, storeOptionsFromEnv());
const socialSenders = makeSocialSenders({
  secrets: socialSecretsFromEnv(),
  settings: socialSettingsFromEnv(),
  tickets: store,
  providerMessages: new SocialStore(db, storeOptionsFromEnv().tableName),
  files,
  warn: (message, extra) => logger.warn(message, extra),
});

const deps: DeliverDeps = {
  store,
  senders: {
    chat: makeChatPushSender({
      store: chatStore(),
      pusher: createConnectionPusher(requireEnv('CHAT_CALLBACK_URL')),
      outbound: sqsOutboundQueue(createSqsClient(), requireEnv('OUTBOUND_QUEUE_URL')),
    }),
    ...emailSenderFromEnv(files),
    ...socialSenders,
  },
  // Longer than the function's timeout, so a live attempt is never overtaken.
  leaseMs: 60_000,
};

export const handler = sqsBatchHandler(async (record) => {
  const msg = parseRecord(record, outboundMessageSchema);
  const result = await deliverOutbound(deps, msg);
  logger.info('outbound delivered', { outboundId: msg.outboundId, ticketId: msg.ticketId, result });
  countDelivery(msg.channel, result);
  return result;
}, new DynamoFailureLog(db, storeOptionsFromEnv().tableName));
