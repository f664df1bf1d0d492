import { ForbiddenError, NotFoundError, PayloadTooLargeError, UnauthorizedError, ValidationError } from '#core/errors';
import type { StoreBody } from '#core/fit-message';
import { boundEvent, WEBHOOK_MAX_BYTES } from './bound-event';
import type { HttpEvent, HttpResult } from '#http/http';
import type { Normalised, ProviderError, SocialEvent } from './events';
import { normaliseInstagram } from './instagram';
import { normaliseMessenger } from './messenger';
import { isValidMetaSignature, isValidTelegramSecret, sameSecret } from './meta-signature';
import { SECRET_PLACEHOLDER } from '#definitions/social';
import type { SecretsSource } from './secrets';
import { normaliseTelegram } from './telegram';
import { normaliseWhatsApp } from './whatsapp';

export const socialProviders = ['whatsapp', 'messenger', 'instagram', 'telegram'] as const;
export type SocialProvider = (typeof socialProviders)[number];

const normalisers: Record<SocialProvider, (payload: unknown, receivedAt: Date) => Normalised> = {
  whatsapp: normaliseWhatsApp,
  messenger: normaliseMessenger,
  instagram: normaliseInstagram,
  telegram: normaliseTelegram,
};

export interface SocialWebhookDeps {
  readonly secrets: SecretsSource;
  /** Puts one event on the social queue (FIFO: group = conversation, dedup = provider id). */
  /** Enqueues a delivery's events together (one batched request per ten). */
  readonly enqueue: (events: readonly SocialEvent[]) => Promise<void>;
  /** Keeps a message body too large for the queue in the attachments bucket (see fitMessage). */
  readonly storeBody: (message: SocialEvent & { kind: 'message' }) => StoreBody;
  /** What the handler recognised but does not act on: logged, and acknowledged to the provider. */
  readonly onIgnored?: (provider: SocialProvider, what: string[]) => void;
  /**
   * What the handler could not place (no sender, no id: a retry would bring the same) and the errors the
   * provider reported: logged as warnings and counted, still acknowledged.
   */
  readonly onProblems?: (provider: SocialProvider, problems: { unplaced: string[]; providerErrors: ProviderError[] }) => void;
}

/** The provider is the last path segment of /webhooks/{provider}. */
export function providerOf(event: HttpEvent): SocialProvider {
  const last = (event.rawPath ?? '').split('/').pop() as SocialProvider;
  if (!socialProviders.includes(last)) throw new NotFoundError(`no webhook for ${event.rawPath}`);
  return last;
}

/** The exact bytes the provider signed: API Gateway base64-encodes bodies it does not take for text. */
export function rawBody(event: HttpEvent): Buffer {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

const text = (statusCode: number, body: string): HttpResult => ({ statusCode, headers: { 'content-type': 'text/plain; charset=utf-8' }, body });

/**
 * GET: Meta's subscription challenge. POST: verify the signature over the raw body BEFORE parsing,
 * normalise, enqueue every event, answer 200 at once; the work happens behind the queue.
 */
export function makeSocialWebhook(deps: SocialWebhookDeps) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const provider = providerOf(event);
    const secrets = await deps.secrets.get();
    const method = event.requestContext.http.method.toUpperCase();
    if (method === 'GET') {
      const q = event.queryStringParameters ?? {};
      const token = q['hub.verify_token'];
      if (q['hub.mode'] !== 'subscribe' || !token || !sameSecret(token, secrets.verifyToken)) {
        throw new ForbiddenError('verification failed: hub.mode must be subscribe and hub.verify_token must match');
      }
      return text(200, q['hub.challenge'] ?? '');
    }
    const raw = rawBody(event);
    if (raw.length > WEBHOOK_MAX_BYTES) throw new PayloadTooLargeError(`webhook body is ${raw.length} bytes; the limit is ${WEBHOOK_MAX_BYTES}`);
    const headers = event.headers ?? {};
    const expected = provider === 'telegram' ? secrets.telegramSecretToken : secrets.appSecret;
    const valid =
      expected !== SECRET_PLACEHOLDER &&
      (provider === 'telegram'
        ? isValidTelegramSecret(headers['x-telegram-bot-api-secret-token'], secrets.telegramSecretToken)
        : isValidMetaSignature(raw, headers['x-hub-signature-256'], secrets.appSecret));
    if (!valid) {
      throw new UnauthorizedError(provider === 'telegram' ? 'missing or wrong X-Telegram-Bot-Api-Secret-Token' : 'missing or wrong X-Hub-Signature-256');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ValidationError('body is not valid JSON');
    }
    const { events, ignored, unplaced = [], providerErrors = [] } = normalisers[provider](payload, new Date(event.requestContext.timeEpoch));
    if (ignored.length) deps.onIgnored?.(provider, ignored);
    if (unplaced.length || providerErrors.length) deps.onProblems?.(provider, { unplaced, providerErrors });
    // Every event is made storable before any is enqueued: a body is taken whole or refused whole.
    const ready: SocialEvent[] = [];
    for (const [n, e] of events.entries()) {
      const result = await boundEvent(e, e.kind === 'message' ? deps.storeBody(e) : () => Promise.reject(new Error('no body to store')));
      if ('problem' in result) throw new ValidationError(`event ${n + 1} of the webhook cannot be stored: ${result.problem}`);
      ready.push(result.event);
    }
    if (ready.length) await deps.enqueue(ready);
    return text(200, 'EVENT_RECEIVED');
  };
}
