import { randomUUID } from 'node:crypto';
import { answerCloudFormation, type CustomResourceEvent, isCustomResourceEvent } from '#adapters/cloudformation-response';
import { publishHelpSite } from '#core/help-site';
import { logger, observed } from '#observability';
import { helpSiteDepsFromEnv } from '#wiring/help-site';

const deps = helpSiteDepsFromEnv();

/**
 * Invoked asynchronously after an admin's change ({ reason }), by hand ({ force: true }), and by
 * CloudFormation as the stack's republish custom resource after the deployment wrote the shipped
 * pages. Safe to run any number of times: it renders what the table holds.
 */
export const handler = observed(async (event: { reason?: string; force?: boolean } | CustomResourceEvent) => {
  if (isCustomResourceEvent(event)) {
    // CloudFormation waits for the answer, not for the render (as when the deployment invoked the
    // publisher asynchronously): a failed render fails this run, its alarm and Lambda's retries.
    await answerCloudFormation(event, 'help-center-republish');
    if (event.RequestType === 'Delete') return { renders: 0 };
    logger.info('help center publish asked for', { reason: `deployment (${event.RequestType})`, force: true });
    return publishHelpSite(deps, { owner: randomUUID(), force: true });
  }
  logger.info('help center publish asked for', { reason: event.reason ?? 'unknown', force: event.force === true });
  return publishHelpSite(deps, { owner: randomUUID(), force: event.force === true });
});
