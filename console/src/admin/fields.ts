import { ApiError } from '../api';

/** An API refusal with the fields it names (400 details: `{path, message}`), to show next to each field. */
export class FieldErrors extends ApiError {
  constructor(
    status: number,
    message: string,
    code: string | undefined,
    readonly fields: Readonly<Record<string, string>>,
  ) {
    super(status, message, code);
  }
}

type FieldKey = (path: string) => string;
const topLevel: FieldKey = (path) => path.split('.')[0] ?? '';

/** The field messages of a 400's details, by the field's top-level name (text, title, tags.0 → tags) or the key `key` makes of its path. */
export function fieldsOf(details: unknown, key: FieldKey = topLevel): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details as { path?: unknown; message?: unknown }[]) {
    const name = key(String(d.path ?? ''));
    if (name && typeof d.message === 'string') out[name] ??= d.message;
  }
  return out;
}

/** Like api.ts `must`, keeping the fields a refusal names (by `key`, as in `fieldsOf`). */
export async function mustWithFields<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, key: FieldKey = topLevel): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || (data === undefined && response.status !== 204)) {
    const body = error as { error?: { code?: string; message?: string; details?: unknown } } | undefined;
    throw new FieldErrors(response.status, body?.error?.message ?? `HTTP ${response.status}`, body?.error?.code, fieldsOf(body?.error?.details, key));
  }
  return data as T;
}
