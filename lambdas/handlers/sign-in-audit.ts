import { makeSignInTrigger, type PostAuthenticationEvent } from '#agent/sign-in';
import { observed } from '#observability';
import { auditLogFromEnv } from '#wiring/audit';

export const handler = observed<PostAuthenticationEvent, PostAuthenticationEvent>(makeSignInTrigger(auditLogFromEnv()));
