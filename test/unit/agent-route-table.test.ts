import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { agentRoutes, type AgentApiDeps } from '#agent/api';
import { agentRouteTable, makeAgentApi } from '#agent/route-table';
import { functionDefinitions } from '#definitions/functions';
import { esbuildOptions } from '#local/bundle';
import { httpEvent } from './http-fixtures';

const root = resolve(import.meta.dirname, '../..');
const keyOf = (r: { method: string; path: string; access: string }) => `${r.method} ${r.path} ${r.access}`;

describe("the agent API's route table", () => {
  it('lists every route of the route modules, in their order, with the access each route declares', () => {
    expect(agentRouteTable.map(keyOf)).toEqual(agentRoutes.map(keyOf));
  });

  it('loads each route from its own module', async () => {
    for (const [i, stub] of agentRouteTable.entries()) expect(await stub.load(), keyOf(stub)).toBe(agentRoutes[i]);
  });

  it('builds the dependencies on the first call that passes the access check, once', async () => {
    let built = 0;
    const api = makeAgentApi(async () => (built++, { now: () => new Date('2026-12-07T12:00:00Z') }) as unknown as AgentApiDeps);
    const claims = (groups: string) => ({ authorizer: { jwt: { claims: { sub: 'a1', 'cognito:groups': groups }, scopes: null } } }) as never;
    await expect(api(httpEvent({ routeKey: 'GET /nowhere' }))).rejects.toMatchObject({ status: 404 });
    await expect(api(httpEvent({ routeKey: 'GET /audit', requestContext: claims('[agent]') }))).rejects.toMatchObject({ status: 403 });
    expect(built).toBe(0);
    // Past the access check: a query the route refuses, after the route and the dependencies loaded.
    for (let i = 0; i < 2; i++) {
      await expect(
        api(httpEvent({ routeKey: 'GET /audit', queryStringParameters: { limit: 'many' }, requestContext: claims('[admin]') })),
      ).rejects.toMatchObject({ status: 400 });
    }
    expect(built).toBe(1);
  });

  it('fails a call whose dependencies cannot be built (a missing variable), and builds them again on the next', async () => {
    let attempts = 0;
    const api = makeAgentApi(async () => {
      if (++attempts === 1) throw new Error('environment variable TABLE_NAME is not set');
      return { now: () => new Date('2026-12-07T12:00:00Z') } as unknown as AgentApiDeps;
    });
    const call = () => api(httpEvent({ routeKey: 'GET /csat/{token}', pathParameters: { token: 'x' } }));
    await expect(call()).rejects.toThrow('TABLE_NAME');
    // The second call gets past the dependencies, to the route's own check of the token (400).
    await expect(call()).rejects.toMatchObject({ status: 400, message: expect.stringContaining('token') });
    expect(attempts).toBe(2);
  });
});

describe("the agent API's cold start", () => {
  it('reads the router and the table only: no route module, no schema library, no store adapter until a call needs them', async () => {
    const outfile = join(root, '.cold-start-check', 'index.mjs');
    const o = esbuildOptions(join(root, functionDefinitions.agentApi.entry), outfile, { sourceMaps: false }, root);
    const { metafile } = await build({ ...o, write: false, metafile: true });
    // Each dynamic import is an entry point of its own too: the function's is the handler's.
    const entry = Object.entries(metafile.outputs).find(([, out]) => out.entryPoint === functionDefinitions.agentApi.entry)!;
    // Everything the entry imports statically, chunk after chunk: what the import of the bundle reads.
    const read = new Set<string>();
    const pending = [entry[0]];
    while (pending.length) {
      const chunk = pending.pop()!;
      if (read.has(chunk)) continue;
      read.add(chunk);
      pending.push(...metafile.outputs[chunk]!.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => i.path));
    }
    const inputs = [...read].flatMap((chunk) => Object.keys(metafile.outputs[chunk]!.inputs));
    expect(inputs).toContain('lambdas/agent/route-table.ts');
    expect(inputs.filter((p) => /agent\/routes\/|node_modules\/zod\/|lambdas\/wiring\/|agent-store|\.json$/.test(p))).toEqual([]);
    // The rest is in chunks beside it.
    expect(Object.keys(metafile.outputs).length).toBeGreaterThan(read.size);
  }, 30_000);
});
