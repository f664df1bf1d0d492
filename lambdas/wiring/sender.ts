import { createConnectionPusher } from '#adapters/connections-client';
import { DynamoEmailStore } from '#adapters/email-store';
import { DynamoStore } from '#adapters/dynamo-store';
import { sqsOutboundQueue, sqsReturnLater } from '#adapters/fifo-queue';
import { s3AttachmentSource } from '#adapters/s3-attachments';
import { createS3Client } from '#adapters/s3-client';
import { createSesClient, sendRawEmail } from '#adapters/ses-client';
import { SocialStore } from '#adapters/social-store';
import { createSqsClient } from '#adapters/sqs-client';
import { makeChatPushSender } from '#channels/chat/push-sender';
import { makeEmailSender } from '#channels/email/sender';
import { makeSocialSenders } from '#channels/social/senders';
import type { SocialProvider } from '#channels/social/webhook';
import type { DeliverDeps } from '#core/deliver';
import type { AttachmentSource, ChannelSender } from '#core/ports';
import { logger } from '#observability';
import { requireEnv } from './env';
import { once } from './lazy';
import { socialSecretsFromEnv } from './secrets';
import { emailConfigured, emailSettingsFromEnv, replyTokenSecretFromEnv, socialSettingsFromEnv, storeOptionsFromEnv } from './settings';
import { chatStoreFromEnv, documentClient } from './shared';

/**
 * A channel's sender made with its first message: a cold start sends on one channel, and making the
 * others (reading their settings, deriving their keys, their clients) is work its first reply never needs.
 */
const onFirstSend = (make: () => ChannelSender): ChannelSender => {
  const sender = once(make);
  return { send: (msg) => sender().send(msg) };
};

/** The e-mail sender, when the configuration has the e-mail channel. */
function emailSenderFromEnv(files: AttachmentSource, env: NodeJS.ProcessEnv): { email?: ChannelSender } {
  if (!emailConfigured(env)) return {};
  return {
    email: onFirstSend(() => {
      const ses = createSesClient(env);
      const configurationSet = env.EMAIL_CONFIGURATION_SET;
      return makeEmailSender({
        store: new DynamoEmailStore(documentClient(), requireEnv('TABLE_NAME', env)),
        sendRaw: (raw, envelope, tags) => sendRawEmail(ses, raw, envelope, configurationSet, tags),
        settings: emailSettingsFromEnv(env),
        replyTokenSecret: replyTokenSecretFromEnv(env),
        files,
      });
    }),
  };
}

/** The social providers the sender serves (every one: the type says so). */
const socialProviders = Object.keys({ whatsapp: 1, messenger: 1, instagram: 1, telegram: 1 } satisfies Record<SocialProvider, 1>) as SocialProvider[];

/** The social providers' senders, made together with the first social message. */
function socialSendersFromEnv(deps: Omit<Parameters<typeof makeSocialSenders>[0], 'secrets' | 'settings'>, env: NodeJS.ProcessEnv) {
  const senders = once(() => makeSocialSenders({ ...deps, secrets: socialSecretsFromEnv(env), settings: socialSettingsFromEnv(env) }));
  return Object.fromEntries(socialProviders.map((p) => [p, { send: (msg) => senders()[p].send(msg) } satisfies ChannelSender])) as Record<
    SocialProvider,
    ChannelSender
  >;
}

/** The sender function's dependencies: the store and one sender per channel. */
export function senderDepsFromEnv(env = process.env): DeliverDeps {
  const db = documentClient();
  // Only replies with files read the attachments bucket.
  const attachments = once(() => s3AttachmentSource(createS3Client(env)));
  const files: AttachmentSource = { link: (ref) => attachments().link(ref), read: (ref) => attachments().read(ref) };
  const store = new DynamoStore(db, storeOptionsFromEnv(env));
  return {
    store,
    senders: {
      chat: makeChatPushSender({
        store: chatStoreFromEnv(env),
        pusher: createConnectionPusher(requireEnv('CHAT_CALLBACK_URL', env), env),
        outbound: sqsOutboundQueue(createSqsClient(), requireEnv('OUTBOUND_QUEUE_URL', env)),
      }),
      ...emailSenderFromEnv(files, env),
      ...socialSendersFromEnv(
        {
          tickets: store,
          providerMessages: new SocialStore(db, requireEnv('TABLE_NAME', env)),
          files,
          warn: (message, extra) => logger.warn(message, extra),
        },
        env,
      ),
    },
    // Longer than the function's timeout, so a live attempt is never overtaken.
    leaseMs: 60_000,
  };
}

/**
 * How the sender puts an outbound message back for when its delivery's lease ends (a reply another
 * attempt holds, or held when it died): ChangeMessageVisibility on the outbound queue, which the
 * function consumes (its event source mapping's grant covers the call).
 */
export function senderRetryLaterFromEnv(env = process.env) {
  return sqsReturnLater(createSqsClient(), requireEnv('OUTBOUND_QUEUE_URL', env));
}
