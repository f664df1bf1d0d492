import { describe, expect, it } from 'vitest';
import { agentRoutes, apiDocument, makeAgentApi, type AgentApiDeps } from '#agent/api';
import { csatRequest, csatToken, verifyCsatToken } from '#agent/csat';
import { computeMetrics, percentile } from '#agent/metrics';
import { sanitiseCustomerHtml } from '#agent/representation';
import type { Ticket } from '#core/model';
import { definitionServing, routeDefinitions } from '#definitions/routes';
import { httpEvent } from './http-fixtures';

const ticket: Ticket = {
  id: '10001',
  number: 10001,
  status: 'resolved',
  priority: 'normal',
  channel: 'whatsapp',
  customerId: 'c_1',
  conversationKey: 'wa-1',
  locale: 'tr',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  lastInboundAt: '2026-11-01T10:00:00.000Z',
  firstResponseDueAt: '2026-11-02T10:00:00.000Z',
  interactionCount: 1,
  version: 1,
};

describe('the agent API routes', () => {
  it('serves exactly the agentApi routes of the shared definitions (a greedy one: the routes under it), and the OpenAPI document has each', () => {
    const serving = agentRoutes.map((r) => definitionServing(r.method, r.path));
    for (const [i, def] of serving.entries()) expect(def?.function, `${agentRoutes[i]!.method} ${agentRoutes[i]!.path}`).toBe('agentApi');
    expect(new Set(serving)).toEqual(new Set(routeDefinitions.filter((r) => r.function === 'agentApi')));
    const doc = apiDocument();
    for (const r of agentRoutes) expect(doc.paths[r.path]?.[r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined();
    // Public in the definitions exactly where the route says so.
    for (const [i, r] of agentRoutes.entries()) expect(serving[i]!.auth === 'public', `${r.method} ${r.path}`).toBe(r.access === 'public');
  });

  it('finds a route under the greedy help center route by method and path, with its parameters', async () => {
    const event = (method: string, path: string, groups: string) =>
      httpEvent({
        routeKey: 'ANY /help-center/{proxy+}',
        rawPath: path,
        requestContext: { http: { method }, authorizer: { jwt: { claims: { sub: 'a1', 'cognito:groups': groups }, scopes: null } } } as never,
      });
    // A plain agent is refused by the route's own access (admin), named by its path.
    await expect(api(event('GET', '/help-center/articles/tr/kargo-takibi', '[agent]'))).rejects.toMatchObject({
      status: 403,
      message: 'GET /help-center/articles/{locale}/{id} is for members of the admin group',
    });
    // A path under the greedy route that no route has is a 404; a locale the route does not know, a 400 naming it.
    await expect(api(event('DELETE', '/help-center/articles/tr/kargo-takibi', '[admin]'))).rejects.toMatchObject({ status: 404 });
    await expect(api(event('GET', '/help-center/articles/de/x', '[admin]'))).rejects.toMatchObject({ status: 400, message: expect.stringContaining('locale') });
  });

  const api = makeAgentApi({} as AgentApiDeps);
  const claims = (groups: string) => ({ authorizer: { jwt: { claims: { sub: 'a1', 'cognito:groups': groups }, scopes: null } } }) as never;

  it('refuses an agent route reached without claims (401) and an admin route for a plain agent (403)', async () => {
    await expect(api(httpEvent({ routeKey: 'GET /tickets' }))).rejects.toMatchObject({ status: 401 });
    await expect(
      api(httpEvent({ routeKey: 'POST /customers/{id}/erase', pathParameters: { id: 'c_1' }, requestContext: claims('[agent]') })),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('refuses every agent route to a valid token in no group or only in groups it does not know (403, before any input or store)', async () => {
    for (const groups of ['', '[]', '[marketing]', '[agents administrators]', 'Agent']) {
      for (const r of agentRoutes.filter((x) => x.access !== 'public')) {
        await expect(
          api(httpEvent({ routeKey: `${r.method} ${r.path}`, requestContext: claims(groups) })),
          `${groups} ${r.method} ${r.path}`,
        ).rejects.toMatchObject({
          status: 403,
          message: 'this API is for members of the agent or admin group',
        });
      }
    }
  });
});

describe('CSAT links', () => {
  it('verify only with the key and the exact token, and name the ticket and the resolution', () => {
    const token = csatToken('k', '10001', '2026-11-01T12:00:00.000Z');
    expect(verifyCsatToken('k', token)).toEqual({ ticketId: '10001', resolvedAt: '2026-11-01T12:00:00.000Z' });
    expect(verifyCsatToken('other', token)).toBeUndefined();
    expect(verifyCsatToken('k', token.replace('10001', '10002'))).toBeUndefined();
    expect(verifyCsatToken('k', 'garbage')).toBeUndefined();
  });

  it('a rating request carries five csat actions with signed absolute links, on the ticket channel', () => {
    const { message } = csatRequest(ticket, { key: 'k', publicUrl: 'https://api.example/', resolvedAt: '2026-11-01T12:00:00.000Z', to: '+905321234567' });
    expect(message).toMatchObject({ kind: 'csat_request', channel: 'whatsapp', to: '+905321234567', conversationKey: 'wa-1' });
    expect(message.actions!.map((a) => a.type)).toEqual(['csat', 'csat', 'csat', 'csat', 'csat']);
    expect(message.actions![4]!.value).toBe(`https://api.example/csat/${csatToken('k', '10001', '2026-11-01T12:00:00.000Z')}?score=5`);
  });
});

describe('metrics arithmetic', () => {
  it('uses nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
  });

  it('has no rates without a denominator', () => {
    expect(computeMetrics([])).toMatchObject({ tickets: 0, reopenRate: null, botDeflectionRate: null, csat: { average: null } });
  });
});

describe('customer HTML', () => {
  it('keeps formatting and links, drops script, handlers, styles, frames and remote images', async () => {
    const dirty =
      '<p style="x" onclick="a()">Hi <a href="javascript:alert(1)">x</a> <a href="https://ok.example">ok</a></p><script>alert(1)</script><iframe src="https://e"></iframe><img src="https://t/p.gif" onerror="b()">';
    expect(await sanitiseCustomerHtml(dirty)).toBe(
      '<p>Hi <a rel="noopener noreferrer nofollow" target="_blank">x</a> <a href="https://ok.example" rel="noopener noreferrer nofollow" target="_blank">ok</a></p>',
    );
  });
});
