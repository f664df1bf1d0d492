import { socialSecretsSchema, type SocialSecrets } from '#definitions/social';

/** Where the secrets come from: the stack's secret in Secrets Manager (a local stand-in locally). */
export interface SecretsSource {
  get(): Promise<SocialSecrets>;
}

/** Reads once per container; a failed read is not cached, so the next call tries again. */
export function cachedSecrets(load: () => Promise<unknown>, what: string): SecretsSource {
  let pending: Promise<SocialSecrets> | undefined;
  return {
    get() {
      pending ??= load().then((raw) => {
        const parsed = socialSecretsSchema.safeParse(raw);
        if (!parsed.success) {
          const first = parsed.error.issues[0];
          throw new Error(`${what}: ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
        }
        return parsed.data;
      });
      pending.catch(() => (pending = undefined));
      return pending;
    },
  };
}
