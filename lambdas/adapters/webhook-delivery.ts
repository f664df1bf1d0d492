import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook } from '#core/webhook-signature';

/** The receiver did not take the event (non-2xx, no answer in time, network): the queue tries again. */
export class WebhookDeliveryError extends Error {
  override name = 'WebhookDeliveryError';
}

export interface SignedPost {
  readonly url: string;
  readonly secret: string;
  /** The event as EventBridge delivered it, sent as is. */
  readonly body: string;
  readonly eventId?: string;
}

/** POSTs one event, signed; resolves when the receiver answered 2xx. */
export async function postSignedWebhook(post: SignedPost, now: Date, doFetch: typeof fetch = fetch, timeoutMs = 10_000): Promise<void> {
  let res: Response;
  try {
    res = await doFetch(post.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Destek-Webhooks/1',
        [SIGNATURE_HEADER]: signWebhook(post.secret, post.body, now),
        ...(post.eventId ? { [EVENT_ID_HEADER]: post.eventId } : {}),
      },
      body: post.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new WebhookDeliveryError(`${new URL(post.url).host}: ${(e as Error).message}`);
  }
  // Drain the answer so the connection is reused; its text is the receiver's business.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new WebhookDeliveryError(`${new URL(post.url).host} answered ${res.status}`);
}
