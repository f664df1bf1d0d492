import { createDocumentClient } from '../../adapters/dynamodb-client';
import { DynamoEmailStore } from '../../adapters/email-store';
import { createSesClient, sendRawEmail } from '../../adapters/ses-client';
import { emailSettingsFromEnv, replyTokenSecretFromEnv } from '../../config/email-runtime';
import { requireEnv } from '../../config/env';
import type { AttachmentSource, ChannelSender } from '../../core/ports';
import { makeEmailSender } from './sender';

/** The e-mail sender, when the configuration has the e-mail channel (EMAIL_SETTINGS is set). */
export function emailSenderFromEnv(files: AttachmentSource, env = process.env): { email?: ChannelSender } {
  if (!env.EMAIL_SETTINGS) return {};
  const ses = createSesClient();
  const configurationSet = env.EMAIL_CONFIGURATION_SET;
  return {
    email: makeEmailSender({
      store: new DynamoEmailStore(createDocumentClient(), requireEnv('TABLE_NAME', env)),
      sendRaw: (raw, envelope) => sendRawEmail(ses, raw, envelope, configurationSet),
      settings: emailSettingsFromEnv(env),
      replyTokenSecret: replyTokenSecretFromEnv(env),
      files,
    }),
  };
}
