import * as z from 'zod';
import { apiSchemas } from './responses';

/**
 * What the document says of one route: the agent API's own routes (router.ts AgentRoute) and the
 * edge routes other functions serve (edge-routes.ts) alike.
 */
export interface ApiOperation {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly summary: string;
  /** visitor: a chat visitor token; meta / telegram: the provider's signature or secret header. */
  readonly access: 'public' | 'agent' | 'admin' | 'visitor' | 'meta' | 'telegram';
  readonly tag?: string;
  readonly params?: z.ZodType | undefined;
  readonly query?: z.core.$ZodType | undefined;
  readonly body?: z.core.$ZodType | undefined;
  /** How the body arrives: JSON (default), an HTML form, or bytes the provider signed (described, not validated here). */
  readonly bodyType?: 'json' | 'form' | 'binary';
  /** The success status and its body (absent for 204), for the document and the response tests. */
  readonly responds?: { status: number; description: string; contentType?: string; schema?: z.ZodType };
  /** Other successful answers, with a JSON body (e.g. 303 to a stored export). */
  readonly alsoResponds?: readonly { status: number; description: string; schema?: z.ZodType }[];
  /** Other answers than the common ones (400, 401, 403, 404, 409). */
  readonly errors?: Readonly<Record<number, string>>;
}

const COMPONENTS = '#/components/schemas/';
const uri = (id: string) => `${COMPONENTS}${id}`;

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; required?: string[] };

const requestSchema = (s: z.core.$ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;

/** A response body: a named component by reference, or the schema itself. */
function responseSchema(s: z.ZodType): JsonSchema {
  const id = apiSchemas.get(s)?.id;
  if (id) return { $ref: uri(id) };
  const { $schema: _s, ...schema } = z.toJSONSchema(s, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return schema;
}

/** The named response schemas, referring to each other by component name. */
function components(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(apiSchemas, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12', uri });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $schema: _s, $id: _i, ...schema } = s as JsonSchema;
      return [id, schema];
    }),
  );
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: uri('Error') } } } });

/** Path and query schemas become OpenAPI parameters, each with its JSON Schema. */
function parameters(where: 'path' | 'query', s: z.core.$ZodType | undefined) {
  if (!s) return [];
  const js = requestSchema(s);
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    schema,
  }));
}

const security: Record<ApiOperation['access'], Record<string, string[]>[] | undefined> = {
  agent: undefined,
  admin: undefined,
  public: [],
  visitor: [{ chatVisitor: [] }],
  meta: [{ metaSignature: [] }],
  telegram: [{ telegramSecret: [] }],
};

const tagOf = (r: ApiOperation) => r.tag ?? r.path.split('/')[1] ?? 'api';

export const operationId = (r: Pick<ApiOperation, 'method' | 'path'>) =>
  `${r.method.toLowerCase()}${r.path.replace(/[{}]/g, '').replace(/[/.-](\w)/g, (_, c: string) => c.toUpperCase())}`;

function operation(r: ApiOperation) {
  const ok = r.responds ?? { status: 200, description: 'OK' };
  const body = ok.schema ? { content: { [ok.contentType ?? 'application/json']: { schema: responseSchema(ok.schema) } } } : {};
  const guarded = r.access !== 'public';
  return {
    summary: r.summary,
    operationId: operationId(r),
    tags: [tagOf(r)],
    ...(security[r.access] ? { security: security[r.access] } : {}),
    ...(r.access === 'admin' ? { 'x-destek-access': 'admin group only' } : {}),
    parameters: [...parameters('path', r.params), ...parameters('query', r.query)],
    ...(r.bodyType === 'binary'
      ? { requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } }
      : r.body
        ? {
            requestBody: {
              required: true,
              content: { [r.bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: requestSchema(r.body) } },
            },
          }
        : {}),
    responses: {
      [ok.status]: { description: ok.description, ...body },
      ...Object.fromEntries(
        (r.alsoResponds ?? []).map((a) => [
          a.status,
          { description: a.description, ...(a.schema ? { content: { 'application/json': { schema: responseSchema(a.schema) } } } : {}) },
        ]),
      ),
      ...(r.params || r.query || r.body ? { 400: errorResponse('the request is not valid: the message and details say what') } : {}),
      ...(guarded
        ? {
            // API Gateway's JWT authorizer answers before any function runs, with a body an HTTP API cannot change.
            401: {
              description: "missing, expired or invalid token or signature: the JWT authorizer's own answer (WWW-Authenticate: Bearer)",
              content: { 'application/json': { schema: { $ref: uri('Unauthorized') } } },
            },
          }
        : {}),
      ...(r.access === 'admin' ? { 403: errorResponse('the caller is not in the admin group') } : {}),
      ...(r.access === 'agent' ? { 403: errorResponse('the caller is not in the agent or admin group') } : {}),
      ...(r.params && (r.access === 'agent' || r.access === 'admin' || r.access === 'public') ? { 404: errorResponse('no such resource') } : {}),
      ...(r.method === 'PATCH' || r.path.endsWith('/replies') ? { 409: errorResponse('changed meanwhile (version)') } : {}),
      ...Object.fromEntries(Object.entries(r.errors ?? {}).map(([status, description]) => [status, errorResponse(description)])),
    },
  };
}

const tagDescriptions: Record<string, string> = {
  tickets: 'Tickets, their timelines, replies, notes, files and presence',
  customers: 'Customer 360, merge and erasure',
  'canned-responses': "Agents' saved replies",
  bot: "The bot's answers, as admins override them",
  metrics: 'The dashboard figures',
  csat: 'The rating links customers follow (signed)',
  nps: 'The NPS survey links customers follow (signed, expiring)',
  chat: "The live-chat widget's HTTP routes (visitor token)",
  webhooks: 'Social providers calling in (signed)',
  'help-center': "The help center's articles, for admins: versions, publishing, order",
  'openapi.json': 'This document',
};

/** The OpenAPI 3.1 document of the routes, from the very schemas that validate their requests and type their responses. */
export function openApiDocument(routes: readonly ApiOperation[], info: { title: string; version: string; description: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    paths[r.path] ??= {};
    paths[r.path]![r.method.toLowerCase()] = operation(r);
  }
  const tags = [...new Set(routes.map(tagOf))].sort().map((name) => ({ name, description: tagDescriptions[name] ?? name }));
  return {
    openapi: '3.1.0',
    info: { ...info, license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/', description: "the stack's HTTP API (its URL is in the stack outputs and .destek/local.json)" }],
    tags,
    components: {
      securitySchemes: {
        cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID token of an agent (groups: agent, admin)' },
        chatVisitor: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'a chat visitor token from POST /chat/token' },
        metaSignature: { type: 'apiKey', in: 'header', name: 'X-Hub-Signature-256', description: "HMAC-SHA256 of the raw body with the Meta app's secret" },
        telegramSecret: { type: 'apiKey', in: 'header', name: 'X-Telegram-Bot-Api-Secret-Token', description: "the bot's webhook secret token" },
      },
      schemas: components(),
    },
    security: [{ cognito: [] }],
    paths,
  };
}
