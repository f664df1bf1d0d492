import * as z from 'zod';
import type { EmailSettings } from '../channels/email/ingest';
import { requireEnv } from './env';
import { ownOrDerivedKey } from './keys';

const emailSettingsSchema = z.object({
  supportAddresses: z.array(z.string()).min(1),
  fromName: z.string(),
  colleagueDomains: z.array(z.string()),
  subjectWindowHours: z.number(),
  acknowledgement: z.object({ enabled: z.boolean() }),
  limits: z.object({
    autoRepliesPerSenderPerHour: z.number(),
    autoRepliesPerTicketPerHour: z.number(),
    maxMessageBytes: z.number(),
    maxAttachmentBytes: z.number(),
    maxAttachments: z.number(),
  }),
});

/** The e-mail channel's settings, one JSON variable (EMAIL_SETTINGS) written by lambdas/config/settings.ts. */
export function emailSettingsFromEnv(env = process.env): EmailSettings {
  const raw = requireEnv('EMAIL_SETTINGS', env);
  try {
    return emailSettingsSchema.parse(JSON.parse(raw));
  } catch (e) {
    throw new Error(`environment variable EMAIL_SETTINGS is not valid: ${(e as Error).message.slice(0, 200)}`);
  }
}

/**
 * The reply-token signing key: the team's own secret when the configuration names one
 * (REPLY_TOKEN_SECRET, resolved at deploy), else derived from the stack's master key.
 */
export const replyTokenSecretFromEnv = (env = process.env) => ownOrDerivedKey('REPLY_TOKEN_SECRET', 'email-reply-token', env);
