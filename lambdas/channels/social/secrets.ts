import * as z from 'zod';

/** Every social secret, kept in the stack's one JSON secret (AWS Secrets Manager) or in the local config. */
export const socialSecretsSchema = z
  .object({
    /** Meta app secret: signs webhook bodies (X-Hub-Signature-256). */
    appSecret: z.string().min(1),
    /** What the GET verification challenge must present as hub.verify_token. */
    verifyToken: z.string().min(1),
    whatsappAccessToken: z.string().min(1),
    /** Page access token (Messenger and the page's comments). */
    messengerAccessToken: z.string().min(1),
    instagramAccessToken: z.string().min(1),
    telegramBotToken: z.string().min(1),
    /** The secret_token given to Telegram's setWebhook. */
    telegramSecretToken: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'Telegram allows A-Z, a-z, 0-9, _ and -'),
  })
  // The stack secret holds more than the social values (the master key): only these are read.
  .strip();
export type SocialSecrets = z.infer<typeof socialSecretsSchema>;

/**
 * The value the stack's secret holds until the shop sets the real one. A webhook whose secret is still
 * the placeholder is refused: anyone could sign with a published value.
 */
export const SECRET_PLACEHOLDER = 'set-me';

/** Where the secrets come from: Secrets Manager in AWS, the configuration file locally. */
export interface SecretsSource {
  get(): Promise<SocialSecrets>;
}

/** Reads once per container; a failed read is not cached, so the next call tries again. */
export function cachedSecrets(load: () => Promise<unknown>, what: string): SecretsSource {
  let pending: Promise<SocialSecrets> | undefined;
  return {
    get() {
      pending ??= load().then(
        (raw) => {
          const parsed = socialSecretsSchema.safeParse(raw);
          if (!parsed.success) {
            const first = parsed.error.issues[0];
            throw new Error(`${what}: ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
          }
          return parsed.data;
        },
      );
      pending.catch(() => (pending = undefined));
      return pending;
    },
  };
}
