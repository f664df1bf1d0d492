import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The live chat's two secrets, locally (Secrets Manager holds them in AWS): the visitor-token key and
 * the shop's customer-reference key. Kept in the data directory when there is one, so visitors keep
 * their tokens across restarts; fresh per run otherwise.
 */
export function chatSecrets(dataDir?: string): { tokenSecret: string; shopSecret: string } {
  const file = dataDir ? join(dataDir, 'chat-secrets.json') : undefined;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { tokenSecret: string; shopSecret: string };
  const secrets = { tokenSecret: randomBytes(32).toString('base64url'), shopSecret: randomBytes(32).toString('base64url') };
  if (file) {
    mkdirSync(dataDir!, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  }
  return secrets;
}
