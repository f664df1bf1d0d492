import * as z from 'zod';
import { socialSecretsSchema, type SocialSettings } from '#definitions/social';

/** The configuration file's `social` section (read by CDK and the local stack, never by a Lambda). */
export const socialConfigSchema = z
  .object({
    /** Graph API base with its version; the local stack points it at the fake provider. */
    graphBaseUrl: z.string().url().default('https://graph.facebook.com/v21.0'),
    telegramBaseUrl: z.string().url().default('https://api.telegram.org'),
    /** Approved WhatsApp message template per locale, sent when the 24-hour window has closed. */
    whatsappTemplates: z.record(z.string(), z.object({ name: z.string().min(1), language: z.string().min(2) }).strict()).default({}),
    maxMediaBytes: z
      .number()
      .int()
      .positive()
      .max(100 * 1024 * 1024)
      .default(25 * 1024 * 1024),
    retry: z
      .object({ attempts: z.number().int().min(1).max(6), baseDelayMs: z.number().int().min(0), maxDelayMs: z.number().int().min(0).max(10_000) })
      .strict()
      .default({ attempts: 3, baseDelayMs: 500, maxDelayMs: 5000 }),
    /**
     * Dummy secrets for the local stack only. In AWS the secrets live in the stack's Secrets Manager
     * secret (its name is an output); never put real tokens in this file.
     */
    localSecrets: z.optional(socialSecretsSchema),
  })
  .strict();
export type SocialConfig = z.infer<typeof socialConfigSchema>;

/** The dummy secrets the local stack and its fake provider share when the file names none. */
export const DEFAULT_LOCAL_SOCIAL_SECRETS = {
  appSecret: 'local-app-secret',
  verifyToken: 'local-verify-token',
  whatsappAccessToken: 'local-whatsapp-token',
  messengerAccessToken: 'local-page-token',
  instagramAccessToken: 'local-instagram-token',
  telegramBotToken: '123456:local-bot-token',
  telegramSecretToken: 'local-telegram-secret',
} as const;

export function socialSettings(config: SocialConfig | undefined): SocialSettings {
  const c = socialConfigSchema.parse(config ?? {});
  return {
    graphBaseUrl: c.graphBaseUrl,
    telegramBaseUrl: c.telegramBaseUrl,
    whatsappTemplates: c.whatsappTemplates,
    maxMediaBytes: c.maxMediaBytes,
    retry: c.retry,
  };
}
