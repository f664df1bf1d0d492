import { LambdaClient } from '#adapters/aws/lambda';
import { DynamoHelpArticles } from '#adapters/help-articles';
import { DynamoPublishState } from '#adapters/help-site-state';
import type { HelpCenterDeps } from '#agent/help-articles';
import { PLACEHOLDERS, type StarterArticle } from '#helpcenter/library';
import { logger, traced } from '#observability';
import { requireEnv } from './env';
import { documentClient } from './shared';

/**
 * The agent API's help center: the articles in the table, the starter set loaded on first use (its
 * routes are the only ones that need it), and a rebuild asked for by counting it in the table and
 * invoking the publisher asynchronously (binding helpcenter:publish).
 */
export function helpCenterDepsFromEnv(intents: ReadonlySet<string>, env = process.env): HelpCenterDeps {
  const tableName = requireEnv('TABLE_NAME', env);
  const publisher = requireEnv('HELP_CENTER_PUBLISHER', env);
  const state = new DynamoPublishState(documentClient(), tableName);
  const lambda = traced(new LambdaClient({ env }));
  return {
    store: new DynamoHelpArticles(documentClient(), tableName),
    publisher: {
      requestRebuild: async (reason) => {
        await state.request();
        // The change is stored and counted: a failed invoke loses nothing (the next publish renders it),
        // so the admin's request succeeds and the error is logged for the "errors" saved query.
        await lambda
          .invokeAsync(publisher, { reason })
          .catch((error: unknown) => logger.error('could not ask the help center publisher for a rebuild', { reason, error: error as Error }));
      },
    },
    starter: async () => (await import('#definitions/help-center-starter.json')).default.articles as unknown as StarterArticle[],
    intents,
    placeholders: PLACEHOLDERS,
  };
}
