import { makeSocialWebhook } from '#channels/social/webhook';
import { httpHandler } from '#http/middleware';
import { socialWebhookDepsFromEnv } from '#wiring/social';

export const handler = httpHandler(makeSocialWebhook(socialWebhookDepsFromEnv()));
