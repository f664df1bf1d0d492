import * as z from 'zod';
import { ConflictError, NotFoundError } from '#core/errors';
import { json } from '#http/http';
import { customerSummary } from '#agent/representation';
import { apiSchemas, customerSummarySchema } from '#agent/responses';
import { route } from '#agent/router';
import { customerIdParam } from '#agent/schemas';

const tag = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}_\-.:]+$/u, 'letters, digits, _ - . : only');
const MAX_CUSTOMER_TAGS = 20;

// The answer's body, named in the OpenAPI document like every response.
if (!apiSchemas.has(customerSummarySchema)) apiSchemas.add(customerSummarySchema, { id: 'CustomerSummary' });

export const customerTagsBody = z
  .strictObject({
    tags: z.array(tag).max(MAX_CUSTOMER_TAGS).optional().describe('replaces all tags'),
    addTags: z.array(tag).max(MAX_CUSTOMER_TAGS).optional(),
    removeTags: z.array(tag).max(MAX_CUSTOMER_TAGS).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change: give tags, addTags or removeTags' });

/** The customer's tags (routing rules can test them). */
export const customerTagRoutes = [
  route({
    method: 'PATCH',
    path: '/customers/{id}',
    summary: "Change the customer's tags (routing rules can route by them)",
    access: 'agent',
    params: customerIdParam,
    body: customerTagsBody,
    responds: { status: 200, description: 'the customer', schema: customerSummarySchema },
    handle: async ({ params, body }, deps) => {
      const customer = await deps.store.getCustomer(params.id);
      if (!customer) throw new NotFoundError(`customer ${params.id} does not exist`);
      if (customer.mergedInto || customer.erasedAt)
        throw new ConflictError(`customer ${params.id} was ${customer.erasedAt ? 'erased' : `merged into ${customer.mergedInto}`}`);
      const tags = new Set(body.tags ?? customer.tags ?? []);
      for (const t of body.addTags ?? []) tags.add(t);
      for (const t of body.removeTags ?? []) tags.delete(t);
      const next = { ...customer, tags: [...tags].sort().slice(0, MAX_CUSTOMER_TAGS) };
      await deps.store.putCustomer(next);
      return json(200, customerSummary(next));
    },
  }),
];
