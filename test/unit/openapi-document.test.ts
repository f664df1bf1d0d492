import { readFileSync } from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { agentRoutes, apiDocument } from '#agent/api';
import type { components } from '#agent/api-types';
import type { customer360Schema, fileLinkSchema, interactionViewSchema, metricsSchema, ticketViewSchema, uploadTicketSchema } from '#agent/responses';
import { definitionServing, routeDefinitions } from '#definitions/routes';
import { apiTypesPath, apiTypesSource } from '#scripts/api-types';

type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
const doc = apiDocument();
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op: op as Operation })),
);

describe('GET /openapi.json', () => {
  it('describes exactly the routes the stack serves: agent API, chat and webhooks (a greedy route: the operations under it)', () => {
    const served = operations.map((o) => {
      const [method, path] = o.key.split(' ') as [string, string];
      return definitionServing(method, path);
    });
    expect(
      served.every(Boolean),
      operations
        .filter((_, i) => !served[i])
        .map((o) => o.key)
        .join(', '),
    ).toBe(true);
    expect(new Set(served)).toEqual(new Set(routeDefinitions));
  });

  it('gives every success response with a body its schema', () => {
    for (const { key, op } of operations) {
      for (const [status, response] of Object.entries(op.responses).filter(([s]) => s.startsWith('2') && s !== '204')) {
        const media = Object.values(response.content ?? {});
        expect(media.length, `${key} ${status}`).toBe(1);
        expect(media[0]!.schema, `${key} ${status}`).toBeDefined();
      }
    }
  });

  it('names each response body of the agent API as a component the document defines', () => {
    const defined = new Set(Object.keys(doc.components.schemas));
    for (const r of agentRoutes.filter((x) => x.responds?.schema && !x.responds.contentType)) {
      const op = (doc.paths[r.path] as Record<string, Operation>)[r.method.toLowerCase()]!;
      const ref = (op.responses[r.responds!.status]!.content!['application/json']!.schema as { $ref: string }).$ref;
      expect(defined.has(ref.replace('#/components/schemas/', '')), `${r.method} ${r.path}`).toBe(true);
    }
  });

  it("passes Redocly's recommended rules with no error, and no warning but the one for a document route that cannot fail", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const said = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
    expect(said.filter((p) => p.startsWith('error'))).toEqual([]);
    expect(said).toEqual(['warn operation-4xx-response #/paths/~1openapi.json/get/responses: Operation must have at least one `4XX` response.']);
  });

  it('types a client from the document: lambdas/agent/api-types.ts is what `npm run api-types` writes now', async () => {
    expect(readFileSync(apiTypesPath, 'utf8') === (await apiTypesSource()), 'run `npm run api-types` and commit the result').toBe(true);
  });
});

// The generated client types and the schemas the API answers with must agree both ways: a field added,
// dropped or retyped on one side fails `tsc` here.
type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(t: T) => t;
agree<Agree<components['schemas']['Ticket'], z.output<typeof ticketViewSchema>>>(true);
agree<Agree<components['schemas']['Interaction'], z.output<typeof interactionViewSchema>>>(true);
agree<Agree<components['schemas']['Customer360'], z.output<typeof customer360Schema>>>(true);
agree<Agree<components['schemas']['Metrics'], z.output<typeof metricsSchema>>>(true);
agree<Agree<components['schemas']['FileLink'], z.output<typeof fileLinkSchema>>>(true);
agree<Agree<components['schemas']['UploadTicket'], z.output<typeof uploadTicketSchema>>>(true);
