import { randomUUID } from 'node:crypto';
import { publishHelpSite } from '#core/help-site';
import { logger, observed } from '#observability';
import { helpSiteDepsFromEnv } from '#wiring/help-site';

const deps = helpSiteDepsFromEnv();

/**
 * Invoked asynchronously after an admin's change ({ reason }) and by the deployment ({ force: true },
 * after it wrote the shipped pages). Safe to run any number of times: it renders what the table holds.
 */
export const handler = observed(async (event: { reason?: string; force?: boolean }) => {
  logger.info('help center publish asked for', { reason: event.reason ?? 'unknown', force: event.force === true });
  return publishHelpSite(deps, { owner: randomUUID(), force: event.force === true });
});
