import { randomUUID } from 'node:crypto';
import { recordSignIn, type AuditLog } from '#core/audit';
import { logger } from '#observability';

/** What Cognito's post-authentication trigger receives (the fields read here), and must be answered with. */
export interface PostAuthenticationEvent {
  readonly triggerSource: string;
  readonly userName: string;
  readonly request: { readonly userAttributes: Readonly<Record<string, string | undefined>> };
  readonly callerContext?: { readonly clientId?: string };
}

/**
 * Cognito's post-authentication trigger: each successful sign-in becomes an audit record. A trigger
 * that fails fails the sign-in, so a record that cannot be written is logged as an error (alarmed on)
 * and the agent still signs in: the trail must not lock the team out.
 */
export function makeSignInTrigger(log: AuditLog, now = () => new Date()) {
  return async (event: PostAuthenticationEvent, context?: { readonly awsRequestId?: string }): Promise<PostAuthenticationEvent> => {
    const attributes = event.request.userAttributes;
    const actor = { id: attributes.sub ?? event.userName, ...(attributes.email ? { email: attributes.email } : {}) };
    try {
      const via = event.callerContext?.clientId ? `cognito:${event.callerContext.clientId}` : 'cognito';
      await recordSignIn(log, actor, now(), via, context?.awsRequestId ?? randomUUID());
    } catch (e) {
      logger.error('sign-in audit record not written', { actor: actor.id, error: e as Error });
    }
    return event;
  };
}
