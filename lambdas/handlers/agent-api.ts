import type { Context } from 'aws-lambda';
import { makeAgentApi } from '#agent/api';
import { isPostAuthentication, makeSignInTrigger, type PostAuthenticationEvent } from '#agent/sign-in';
import { httpHandler } from '#http/middleware';
import type { HttpEvent } from '#http/http';
import { observed } from '#observability';
import { agentApiDepsFromEnv } from '#wiring/agent-api';

const deps = agentApiDepsFromEnv();
const api = httpHandler(makeAgentApi(deps));
const signIn = observed<PostAuthenticationEvent, PostAuthenticationEvent>(makeSignInTrigger(deps.audit!));

/** The agent API, and the user pool's post-authentication trigger (a sign-in on the audit trail). */
export const handler = (event: HttpEvent | PostAuthenticationEvent, context: Context) =>
  isPostAuthentication(event) ? signIn(event, context) : api(event as HttpEvent, context);
