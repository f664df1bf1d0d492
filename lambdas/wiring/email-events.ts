import { DynamoDeliveryFailures } from '#adapters/delivery-failure';
import { DynamoEmailStore } from '#adapters/email-store';
import type { FeedbackDeps } from '#channels/email/feedback';
import { requireEnv } from './env';
import { documentClient } from './shared';

/**
 * SES bounces and complaints. Apart from the ingest's wiring (email.ts): the events function parses no
 * mail, and a module beside the MIME parser would bring it into its bundle.
 */
export function emailEventsDepsFromEnv(env = process.env): FeedbackDeps {
  const table = requireEnv('TABLE_NAME', env);
  return { store: new DynamoEmailStore(documentClient(), table), failures: new DynamoDeliveryFailures(documentClient(), table) };
}
