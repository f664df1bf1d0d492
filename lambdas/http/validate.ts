import * as z from 'zod/mini';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#core/errors';
import type { HttpEvent } from './http';

/**
 * Turns zod's issues into "field: problem" pairs a client can act on. A body's fields are named as
 * they are (`text`); a query's or path's with where they are (`query.limit`, `path.id`), and a problem
 * of the whole as the whole (`query`).
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], where: 'body' | 'query' | 'path' = 'body'): { path: string; message: string }[] {
  const name = (path: readonly PropertyKey[]) => (where === 'body' ? path.join('.') || '(body)' : [where, ...path].map(String).join('.'));
  return issues.map((i) => ({ path: name(i.path), message: i.message }));
}

/** Any zod schema, full or mini: both are zod's core types. */
export type AnySchema = z.core.$ZodType;

export function validate<S extends AnySchema>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = z.safeParse(schema, value);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues, what === 'query' || what === 'path' ? what : 'body');
    throw new ValidationError(`${what} is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/** Reads a JSON body: content type, size, syntax and shape, each with its own clear error. */
export function parseJsonBody<S extends AnySchema>(event: HttpEvent, schema: S, maxBytes: number): z.output<S> {
  const type = event.headers?.['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new UnsupportedMediaTypeError('send the body as application/json');
  }
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const bytes = Buffer.byteLength(text);
  if (bytes > maxBytes) throw new PayloadTooLargeError(`body is ${bytes} bytes; the limit is ${maxBytes}`);
  if (!text.trim()) throw new ValidationError('body is empty; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError('body is not valid JSON');
  }
  return validate(schema, value, 'body');
}
