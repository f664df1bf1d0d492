import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '#agent/api-types';
import type { AuthSession } from './auth/session';

export type Ticket = components['schemas']['Ticket'];
export type TicketWithTimeline = components['schemas']['TicketWithTimeline'];
export type Interaction = components['schemas']['Interaction'];
export type Metrics = components['schemas']['Metrics'];
export type CannedResponse = components['schemas']['CannedResponse'];
export type Channel = Ticket['channel'];
export type Priority = Ticket['priority'];
export type Status = Ticket['status'];

/** An answer the API refused, with its message for the agent (never a stack trace: the API sends none). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * The agent API, typed from the OpenAPI document (lambdas/agent/api-types.ts is generated from it):
 * a route or body that drifts fails the console's type check. The token goes in the Authorization
 * header of each call, nowhere else.
 */
export function apiClient(baseUrl: string, session: AuthSession) {
  const client = createClient<paths>({ baseUrl });
  const auth: Middleware = {
    async onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${await session.token()}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}

export type Api = ReturnType<typeof apiClient>;

/** The data of a call, or an ApiError with the API's message. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined) {
    // Every error has a top-level message (the authorizer's 401 too); ours add a code.
    const body = error as { message?: string; error?: { code?: string } } | undefined;
    throw new ApiError(response.status, body?.message ?? `HTTP ${response.status}`, body?.error?.code);
  }
  return data;
}
