import { describe, expect, it } from 'vitest';
import { makeSignInTrigger } from '#agent/sign-in';
import { makeRouter, route, type AgentApiDeps } from '#agent/router';
import { redactSecrets, REDACTED, snapshot, SNAPSHOT_MAX_CHARS, type AuditLog, type AuditRecord } from '#core/audit';
import { NotFoundError } from '#core/errors';
import { json } from '#http/http';
import * as z from 'zod';
import { httpEvent } from './http-fixtures';

function memoryLog(fail = false) {
  const records: AuditRecord[] = [];
  const log: AuditLog = {
    record: async (r) => {
      if (fail) throw new Error('table unavailable');
      records.push(r);
    },
    list: async () => ({ items: records, next: null }),
  };
  return { log, records };
}

let stored = { text: 'old', apiKey: 'k-123' };
const routes = [
  route({
    method: 'PUT',
    path: '/settings/{name}',
    summary: 'an admin change that declares its before',
    access: 'admin',
    params: z.object({ name: z.string() }),
    audit: { before: async () => stored },
    handle: async ({ params }) => {
      if (params.name === 'missing') throw new NotFoundError('no such setting');
      stored = { text: 'new', apiKey: 'k-456' };
      return json(200, stored);
    },
  }),
  route({ method: 'POST', path: '/rules', summary: 'an admin change, undeclared', access: 'admin', handle: async () => json(201, { id: 'r1' }) }),
  route({ method: 'GET', path: '/rules', summary: 'an admin read', access: 'admin', handle: async () => json(200, []) }),
  route({ method: 'POST', path: '/notes', summary: 'an agent change', access: 'agent', handle: async () => json(201, {}) }),
  route({ method: 'POST', path: '/canned', summary: 'an agent change that opts in', access: 'agent', audit: {}, handle: async () => json(201, { id: 'c1' }) }),
  route({ method: 'POST', path: '/ping', summary: 'an admin call that opts out', access: 'admin', audit: false, handle: async () => json(200, {}) }),
];

const caller = (groups: string, email?: string) =>
  ({ authorizer: { jwt: { claims: { sub: 'admin-1', 'cognito:groups': groups, ...(email ? { email } : {}) }, scopes: null } } }) as never;
const call = (api: ReturnType<typeof makeRouter>, routeKey: string, groups = '[admin]', pathParameters?: Record<string, string>) =>
  api(httpEvent({ routeKey, requestContext: caller(groups, 'admin@shop.example'), ...(pathParameters ? { pathParameters } : {}) }));

describe('the router audits', () => {
  const now = () => new Date('2026-12-07T10:00:00.000Z');

  it('every admin change: who, what, which item, when, before and after, secrets redacted', async () => {
    const { log, records } = memoryLog();
    stored = { text: 'old', apiKey: 'k-123' };
    const api = makeRouter(routes, { audit: log, now } as unknown as AgentApiDeps);
    await call(api, 'PUT /settings/{name}', '[admin]', { name: 'greeting' });
    await call(api, 'POST /rules');
    expect(records).toEqual([
      {
        id: 'req-1',
        at: '2026-12-07T10:00:00.000Z',
        actor: { id: 'admin-1', email: 'admin@shop.example' },
        action: 'PUT /settings/{name}',
        target: 'greeting',
        status: 200,
        before: { text: 'old', apiKey: REDACTED },
        after: { text: 'new', apiKey: REDACTED },
        via: '127.0.0.1',
      },
      expect.objectContaining({ action: 'POST /rules', status: 201, after: { id: 'r1' } }),
    ]);
    expect(records[1]).not.toHaveProperty('before');
    expect(records[1]).not.toHaveProperty('target');
  });

  it('no reads, no agent changes unless declared, no opted-out route', async () => {
    const { log, records } = memoryLog();
    const api = makeRouter(routes, { audit: log, now } as unknown as AgentApiDeps);
    await call(api, 'GET /rules');
    await call(api, 'POST /notes', '[agent]');
    await call(api, 'POST /ping');
    expect(records).toEqual([]);
    await call(api, 'POST /canned', '[agent]');
    expect(records.map((r) => r.action)).toEqual(['POST /canned']);
  });

  it('nothing for a forbidden or failed action', async () => {
    const { log, records } = memoryLog();
    const api = makeRouter(routes, { audit: log, now } as unknown as AgentApiDeps);
    await expect(call(api, 'POST /rules', '[agent]')).rejects.toMatchObject({ status: 403 });
    await expect(call(api, 'PUT /settings/{name}', '[admin]', { name: 'missing' })).rejects.toMatchObject({ status: 404 });
    expect(records).toEqual([]);
  });

  it('answers a done action even when its record cannot be written', async () => {
    const { log } = memoryLog(true);
    const api = makeRouter(routes, { audit: log, now } as unknown as AgentApiDeps);
    await expect(call(api, 'POST /rules')).resolves.toMatchObject({ statusCode: 201 });
  });
});

describe('audit snapshots', () => {
  it('redact secret-looking names at any depth', () => {
    expect(
      redactSecrets({
        name: 'x',
        password: 'p',
        nested: [{ accessToken: 't', clientSecret: 's', signature: 'g' }],
        webhook: { authorization: 'Bearer x', url: 'u' },
      }),
    ).toEqual({
      name: 'x',
      password: REDACTED,
      nested: [{ accessToken: REDACTED, clientSecret: REDACTED, signature: REDACTED }],
      webhook: { authorization: REDACTED, url: 'u' },
    });
  });

  it('keep a large state as its first characters, saying so', () => {
    const big = { body: 'x'.repeat(SNAPSHOT_MAX_CHARS * 2) };
    const kept = snapshot(big) as { truncated: boolean; json: string };
    expect(kept.truncated).toBe(true);
    expect(kept.json).toHaveLength(SNAPSHOT_MAX_CHARS);
    expect(snapshot({ a: undefined, b: 1 })).toEqual({ b: 1 });
  });
});

describe("Cognito's post-authentication trigger", () => {
  const event = {
    version: '1',
    triggerSource: 'PostAuthentication_Authentication',
    userName: 'u-1',
    userPoolId: 'eu-central-1_x',
    callerContext: { clientId: 'console-client' },
    request: { userAttributes: { sub: 'sub-1', email: 'ayse@shop.example' } },
    response: {},
  };

  it('records the sign-in and answers Cognito with its event', async () => {
    const { log, records } = memoryLog();
    const trigger = makeSignInTrigger(log, () => new Date('2026-12-07T09:00:00.000Z'));
    await expect(trigger(event, { awsRequestId: 'inv-1' })).resolves.toBe(event);
    expect(records).toEqual([
      {
        id: 'inv-1',
        at: '2026-12-07T09:00:00.000Z',
        actor: { id: 'sub-1', email: 'ayse@shop.example' },
        action: 'sign-in',
        status: 200,
        via: 'cognito:console-client',
      },
    ]);
  });

  it('lets the agent in when the record cannot be written', async () => {
    const { log } = memoryLog(true);
    await expect(makeSignInTrigger(log)(event)).resolves.toBe(event);
  });
});

describe('the router behind the greedy route', () => {
  it('prefers a literal path to a parameter (GET /tickets/counts is not ticket "counts")', async () => {
    const seen: string[] = [];
    const api = makeRouter(
      [
        route({ method: 'GET', path: '/tickets/{id}', summary: 'one', access: 'agent', handle: async () => (seen.push('one'), json(200, {})) }),
        route({ method: 'GET', path: '/tickets/counts', summary: 'counts', access: 'agent', handle: async () => (seen.push('counts'), json(200, {})) }),
      ],
      {} as AgentApiDeps,
    );
    const get = (path: string) =>
      api(httpEvent({ routeKey: 'ANY /{proxy+}', rawPath: path, requestContext: { http: { method: 'GET' }, ...(caller('[agent]') as object) } as never }));
    await get('/tickets/counts');
    await get('/tickets/10001');
    expect(seen).toEqual(['counts', 'one']);
  });
});
