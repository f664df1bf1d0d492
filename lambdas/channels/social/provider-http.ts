import { PermanentDeliveryError } from '#core/errors';

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  /** No single wait exceeds this, whatever Retry-After asks: the function has a timeout. */
  readonly maxDelayMs: number;
}

export interface ProviderHttpDeps {
  readonly retry: RetryPolicy;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The provider may be fine later (429, 5xx, network): the queue will try the message again. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
}

const sleeper = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After is seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** A provider's own error text (Graph: error.message; Telegram: description), short. */
function providerError(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: { message?: string; code?: number }; description?: string };
    return (j.error?.message ?? j.description ?? body).slice(0, 300);
  } catch {
    return body.slice(0, 300);
  }
}

/**
 * One provider request with the retry rules: 429 and 5xx (and network failures) are retried with
 * exponential back-off, honouring Retry-After; once the attempts are used up the error is transient
 * (the queue redelivers). Any other 4xx is the request's fault and is never retried: a
 * PermanentDeliveryError with the provider's reason.
 */
async function withRetry<T>(deps: ProviderHttpDeps, what: string, request: () => Promise<Response>, read: (res: Response) => Promise<T>): Promise<T> {
  const sleep = deps.sleep ?? sleeper;
  const { attempts, baseDelayMs, maxDelayMs } = deps.retry;
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let wait = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    try {
      const res = await request();
      if (res.ok) return await read(res);
      last = `${what}: ${res.status} ${providerError(await res.text())}`.trim();
      if (res.status !== 429 && res.status < 500) throw new PermanentDeliveryError(last);
      wait = Math.min(maxDelayMs, retryAfterMs(res.headers.get('retry-after')) ?? wait);
    } catch (e) {
      if (e instanceof PermanentDeliveryError) throw e;
      last = `${what}: ${(e as Error).message}`;
    }
    if (attempt < attempts) await sleep(wait);
  }
  throw new ProviderUnavailableError(`${last} (after ${attempts} attempts)`);
}

/** Calls a provider API and returns its JSON (see withRetry for what is retried). */
export function callProvider<T = unknown>(deps: ProviderHttpDeps, what: string, url: string, init: RequestInit): Promise<T> {
  const doFetch = deps.fetch ?? fetch;
  return withRetry(
    deps,
    what,
    () => doFetch(url, { ...init, signal: AbortSignal.timeout(5_000) }),
    async (res) => {
      const body = await res.text();
      return (body ? JSON.parse(body) : {}) as T;
    },
  );
}

/** Downloads a file's bytes with the same rules; a file above maxBytes is refused for good. */
export function downloadFile(
  deps: ProviderHttpDeps,
  what: string,
  url: string,
  headers: Record<string, string>,
  maxBytes: number,
): Promise<{ bytes: Buffer; contentType?: string }> {
  const doFetch = deps.fetch ?? fetch;
  const tooLarge = (n: number) => new PermanentDeliveryError(`${what}: ${n} bytes, above the limit of ${maxBytes}`);
  return withRetry(
    deps,
    what,
    () => doFetch(url, { headers, signal: AbortSignal.timeout(20_000) }),
    async (res) => {
      const declared = Number(res.headers.get('content-length'));
      if (declared > maxBytes) throw tooLarge(declared);
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.length > maxBytes) throw tooLarge(bytes.length);
      const contentType = res.headers.get('content-type');
      return { bytes, ...(contentType ? { contentType } : {}) };
    },
  );
}
