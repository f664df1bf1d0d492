import type { PipelineSettings } from '../core/plan-inbound';
import { intEnv, requireEnv } from './env';

/** Settings as the functions read them at cold start (set by lambdas/config/settings.ts). */
export function pipelineSettingsFromEnv(env = process.env): PipelineSettings {
  return {
    defaultLocale: requireEnv('DEFAULT_LOCALE', env),
    locales: requireEnv('SUPPORTED_LOCALES', env).split(','),
    firstResponseHours: Number(requireEnv('FIRST_RESPONSE_HOURS', env)),
  };
}

export function storeOptionsFromEnv(env = process.env) {
  return { tableName: requireEnv('TABLE_NAME', env), ticketNumberStart: intEnv('TICKET_NUMBER_START', env) };
}
