import * as z from 'zod';
import type { AgentRoute } from './router';

const jsonSchema = (s: z.ZodType) =>
  z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown> & {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** Path and query schemas become OpenAPI parameters, each with its JSON Schema. */
function parameters(where: 'path' | 'query', s: z.ZodType | undefined) {
  if (!s) return [];
  const js = jsonSchema(s);
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    schema,
  }));
}

/** The OpenAPI 3.1 document of the routes, from the very schemas that validate their requests. */
export function openApiDocument(routes: readonly AgentRoute[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const ok = r.responds ?? { status: 200, description: 'OK' };
    paths[r.path] ??= {};
    paths[r.path]![r.method.toLowerCase()] = {
      summary: r.summary,
      operationId: `${r.method.toLowerCase()}${r.path.replace(/[{}]/g, '').replace(/[/.-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      ...(r.access === 'public' ? { security: [] } : {}),
      ...(r.access === 'admin' ? { 'x-destek-access': 'admin group only' } : {}),
      parameters: [...parameters('path', r.params), ...parameters('query', r.query)],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { [r.bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: jsonSchema(r.body) } },
            },
          }
        : {}),
      responses: {
        [ok.status]: { description: ok.description, ...(ok.status === 204 ? {} : { content: { [ok.contentType ?? 'application/json']: {} } }) },
        ...(r.params || r.query || r.body ? { 400: errorResponse('the request is not valid: the message and details say what') } : {}),
        ...(r.access === 'public' ? {} : { 401: errorResponse('missing, expired or invalid token') }),
        ...(r.access === 'admin' ? { 403: errorResponse('the caller is not in the admin group') } : {}),
        ...(r.params ? { 404: errorResponse('no such resource') } : {}),
        ...(r.method === 'PATCH' || r.path.endsWith('/replies') ? { 409: errorResponse('changed meanwhile (version)') } : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: {
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID token of an agent (groups: agent, admin)' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: {}, requestId: { type: 'string' } },
            },
          },
        },
      },
    },
    security: [{ cognito: [] }],
    paths,
  };
}
