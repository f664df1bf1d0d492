import { deriveKey, MASTER_KEY_ENV, type KeyPurpose } from '#config/keys';
import { requireEnv } from './env';

/** A derived key, from the master key in the environment (DESTEK_MASTER_KEY, binding keys:master). */
export const keyFromEnv = (purpose: KeyPurpose, env: NodeJS.ProcessEnv = process.env): string => deriveKey(requireEnv(MASTER_KEY_ENV, env), purpose);

/**
 * A key a team may bring as a secret of its own (its binding resolves it into `variable` at deploy);
 * derived from the master key otherwise.
 */
export const ownOrDerivedKey = (variable: string, purpose: KeyPurpose, env: NodeJS.ProcessEnv = process.env): string =>
  env[variable] || keyFromEnv(purpose, env);
