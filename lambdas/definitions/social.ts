import * as z from 'zod/mini';
import '#definitions/zod-messages';

/**
 * What the stack and the social functions share about the providers: the secret's fields and the
 * settings the functions run with. Plain schemas, so CDK, the local stack and the runtime all read
 * them without importing each other.
 */
const nonEmpty = () => z.string().check(z.minLength(1));

// The stack secret holds more than the social values (the master key): only these are read (an
// object strips the keys it does not name). Built on first use: most functions never read it.
export const socialSecretsSchema = z.lazy(() =>
  z.object({
    /** Meta app secret: signs webhook bodies (X-Hub-Signature-256). */
    appSecret: nonEmpty(),
    /** What the GET verification challenge must present as hub.verify_token. */
    verifyToken: nonEmpty(),
    whatsappAccessToken: nonEmpty(),
    /** Page access token (Messenger and the page's comments). */
    messengerAccessToken: nonEmpty(),
    instagramAccessToken: nonEmpty(),
    telegramBotToken: nonEmpty(),
    /** The secret_token given to Telegram's setWebhook. */
    telegramSecretToken: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,256}$/, 'Telegram allows A-Z, a-z, 0-9, _ and -')),
  }),
);
export type SocialSecrets = z.infer<typeof socialSecretsSchema>;

/**
 * The value the stack's secret holds until the shop sets the real one. A webhook whose secret is still
 * the placeholder is refused: anyone could sign with a published value.
 */
export const SECRET_PLACEHOLDER = 'set-me';

/** What the social functions read from SOCIAL_SETTINGS (written from the configuration's `social`). */
export const socialSettingsSchema = z.lazy(() =>
  z.object({
    /** Graph API base, with its version (https://graph.facebook.com/v21.0); the fake provider locally. */
    graphBaseUrl: z.url(),
    /** Bot API base (https://api.telegram.org). */
    telegramBaseUrl: z.url(),
    /** Approved WhatsApp template per locale, sent when the 24-hour window is closed. */
    whatsappTemplates: z.record(z.string(), z.object({ name: nonEmpty(), language: z.string().check(z.minLength(2)) })),
    /** Files larger than this are not copied; the message says so instead. */
    maxMediaBytes: z.int().check(z.positive()),
    retry: z.object({ attempts: z.int().check(z.gte(1), z.lte(10)), baseDelayMs: z.int().check(z.gte(0)), maxDelayMs: z.int().check(z.gte(0)) }),
  }),
);
export type SocialSettings = z.infer<typeof socialSettingsSchema>;
