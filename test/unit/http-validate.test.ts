import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/errors';
import { validate } from '#http/validate';

const failure = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
};
const paths = (e: ValidationError) => (e.details as { path: string }[]).map((d) => d.path).sort();

describe('validation errors name where the bad value is', () => {
  const query = z.strictObject({ limit: z.optional(z.string().check(z.regex(/^\d+$/))) });

  it('a query parameter is named query.<name>, never the body', () => {
    const e = failure(() => validate(query, { limit: 'ten' }, 'query'));
    expect(paths(e)).toEqual(['query.limit']);
    expect(e.message).toMatch(/^query is not valid: query\.limit:/);
  });

  it('a problem of the whole query (an unknown parameter) names the query', () => {
    expect(paths(failure(() => validate(query, { colour: 'red' }, 'query')))).toEqual(['query']);
  });

  it('a path parameter is named path.<name>', () => {
    expect(paths(failure(() => validate(z.object({ id: z.string().check(z.regex(/^\d+$/)) }), { id: 'abc' }, 'path')))).toEqual(['path.id']);
  });

  it('a body keeps its field names, and (body) for the whole', () => {
    expect(paths(failure(() => validate(z.strictObject({ text: z.string() }), { text: 1, extra: true }, 'body')))).toEqual(['(body)', 'text']);
  });
});
