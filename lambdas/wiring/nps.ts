import * as z from 'zod/mini';
import '#definitions/zod-messages';
import { dynamoNpsStore } from '#adapters/nps-store';
import type { DocumentClient } from '#adapters/aws/dynamodb';
import type { NpsDeps } from '#agent/nps-survey';
import { jsonEnv, requireEnv } from './env';
import { keyFromEnv } from './keys';

const npsSettingsSchema = z.object({
  enabled: z.boolean(),
  intervalDays: z.number().check(z.int(), z.positive()),
  linkDays: z.number().check(z.int(), z.positive()),
  shopName: z.string(),
  question: z.record(z.string(), z.string()),
});

/** NPS as configured (NPS_SETTINGS, the tickets settings group); undefined without it: NPS is off. */
export function npsDepsFromEnv(db: DocumentClient, env = process.env): NpsDeps | undefined {
  if (!env.NPS_SETTINGS) return undefined;
  return {
    settings: jsonEnv('NPS_SETTINGS', npsSettingsSchema, env),
    key: keyFromEnv('nps-link', env),
    publicUrl: requireEnv('PUBLIC_API_URL', env),
    store: dynamoNpsStore(db, requireEnv('TABLE_NAME', env)),
  };
}
