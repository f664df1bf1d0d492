import { hkdfSync } from 'node:crypto';

/**
 * The signing keys the stack generates, each derived from the one master key in the stack's secret
 * (HKDF-SHA256, the purpose as info), so one Secrets Manager secret serves them all and a key of one
 * purpose says nothing about another. Rotating the master rotates every derived key.
 */
export type KeyPurpose = 'chat-visitor-token' | 'chat-shop' | 'csat-link' | 'nps-link' | 'email-reply-token';

export const MASTER_KEY_ENV = 'DESTEK_MASTER_KEY';

export function deriveKey(master: string, purpose: KeyPurpose): string {
  if (master.length < 32) throw new Error(`the master key is too short (${master.length} characters, at least 32)`);
  return Buffer.from(hkdfSync('sha256', master, 'destek', `destek/${purpose}`, 32)).toString('base64url');
}
