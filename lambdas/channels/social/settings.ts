import * as z from 'zod';
import { requireEnv } from '../../config/env';

/** What the social functions read from SOCIAL_SETTINGS (written from the configuration's `social`). */
export const socialSettingsSchema = z.object({
  /** Graph API base, with its version (https://graph.facebook.com/v21.0); the fake provider locally. */
  graphBaseUrl: z.string().url(),
  /** Bot API base (https://api.telegram.org). */
  telegramBaseUrl: z.string().url(),
  /** Approved WhatsApp template per locale, sent when the 24-hour window is closed. */
  whatsappTemplates: z.record(z.string(), z.object({ name: z.string().min(1), language: z.string().min(2) })),
  /** Files larger than this are not copied; the message says so instead. */
  maxMediaBytes: z.number().int().positive(),
  retry: z.object({ attempts: z.number().int().min(1).max(10), baseDelayMs: z.number().int().min(0), maxDelayMs: z.number().int().min(0) }),
});
export type SocialSettings = z.infer<typeof socialSettingsSchema>;

export function socialSettingsFromEnv(env = process.env): SocialSettings {
  const raw = requireEnv('SOCIAL_SETTINGS', env);
  try {
    return socialSettingsSchema.parse(JSON.parse(raw));
  } catch (e) {
    throw new Error(`environment variable SOCIAL_SETTINGS is not valid: ${(e as Error).message.slice(0, 200)}`);
  }
}
