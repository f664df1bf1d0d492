import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The stack secret's master key, locally (AWS: the generated masterKey field of the stack's Secrets
 * Manager secret); the functions derive their signing keys from it the same way. Kept in the data
 * directory when there is one, so visitors keep their tokens across restarts; fresh per run otherwise.
 */
export function localMasterKey(dataDir?: string): string {
  const file = dataDir ? join(dataDir, 'master-key.json') : undefined;
  if (file && existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { masterKey: string }).masterKey;
  const masterKey = randomBytes(48).toString('base64url');
  if (file) {
    mkdirSync(dataDir!, { recursive: true });
    writeFileSync(file, JSON.stringify({ masterKey }), { mode: 0o600 });
  }
  return masterKey;
}
