import * as z from 'zod/mini';
import { PoisonMessageError } from '#core/errors';

/**
 * The notification SES publishes when its receipt rule's S3 action has stored a message
 * ("notificationType": "Received"): what the ingest works on. It is built from the receipt rule's
 * Lambda event (below).
 */
const verdict = z.optional(z.partial(z.object({ status: z.string() })));

export const sesReceiptNotificationSchema = z.object({
  notificationType: z.literal('Received'),
  mail: z.looseObject({
    timestamp: z.string(),
    source: z.optional(z.string()),
    messageId: z.string(),
    destination: z._default(z.array(z.string()), []),
    commonHeaders: z.optional(
      z.partial(z.object({ from: z.optional(z.array(z.string())), subject: z.optional(z.string()), messageId: z.optional(z.string()) })),
    ),
  }),
  receipt: z.looseObject({
    timestamp: z.optional(z.string()),
    recipients: z._default(z.array(z.string()), []),
    spamVerdict: verdict,
    virusVerdict: verdict,
    spfVerdict: verdict,
    dkimVerdict: verdict,
    dmarcVerdict: verdict,
    action: z.looseObject({ type: z.string(), bucketName: z.optional(z.string()), objectKey: z.optional(z.string()), topicArn: z.optional(z.string()) }),
  }),
});
export type SesReceiptNotification = z.infer<typeof sesReceiptNotificationSchema>;

const verdictValues = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED'] as const;
type Verdict = (typeof verdictValues)[number] | 'NONE';
export type SesVerdicts = Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', Verdict>>;

/**
 * The event SES's receipt rule hands its Lambda action (asynchronous invocation): one record per
 * message with the same mail and receipt (verdicts included) as the S3 action's notification, but
 * without the body and without where the message was stored. The rule's S3 action ran first and
 * stored it at the rule's prefix followed by SES's message id, so that is where the ingest reads it.
 */
const sesLambdaEventSchema = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:ses'),
        ses: z.object({ mail: z.looseObject({ messageId: z.string() }), receipt: z.looseObject({}) }),
      }),
    )
    .check(z.minLength(1)),
});

export function receiptNotificationsFromLambdaEvent(event: unknown, stored: { readonly bucket: string; readonly prefix: string }): SesReceiptNotification[] {
  const parsed = sesLambdaEventSchema.safeParse(event);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new PoisonMessageError(`not an SES receipt event: ${first?.path.join('.')}: ${first?.message}`);
  }
  return parsed.data.Records.map(({ ses }) => {
    const notification = sesReceiptNotificationSchema.safeParse({
      notificationType: 'Received',
      mail: ses.mail,
      receipt: { ...ses.receipt, action: { type: 'S3', bucketName: stored.bucket, objectKey: `${stored.prefix}${ses.mail.messageId}` } },
    });
    if (!notification.success) {
      const first = notification.error.issues[0];
      throw new PoisonMessageError(`SES receipt event for ${ses.mail.messageId}: ${first?.path.join('.')}: ${first?.message}`);
    }
    return notification.data;
  });
}

/** The notification's verdicts; the X-SES-*-Verdict headers SES adds to the stored mail fill gaps. */
export function verdictsOf(n: SesReceiptNotification, headers?: { sesSpamVerdict: string | null; sesVirusVerdict: string | null }): SesVerdicts {
  const pick = (v: { status?: string } | undefined): Verdict | undefined => {
    if (!v?.status) return undefined;
    return (verdictValues as readonly string[]).includes(v.status) ? (v.status as Verdict) : 'NONE';
  };
  const r = {
    ...n.receipt,
    spamVerdict: n.receipt.spamVerdict ?? (headers?.sesSpamVerdict ? { status: headers.sesSpamVerdict.trim().toUpperCase() } : undefined),
    virusVerdict: n.receipt.virusVerdict ?? (headers?.sesVirusVerdict ? { status: headers.sesVirusVerdict.trim().toUpperCase() } : undefined),
  };
  const out: SesVerdicts = {};
  for (const [k, v] of [
    ['spam', r.spamVerdict],
    ['virus', r.virusVerdict],
    ['spf', r.spfVerdict],
    ['dkim', r.dkimVerdict],
    ['dmarc', r.dmarcVerdict],
  ] as const) {
    const p = pick(v);
    if (p) out[k] = p;
  }
  return out;
}

/** The envelope sender: '' for the null sender "<>" of delivery reports, undefined when unknown. */
export function envelopeSender(n: SesReceiptNotification): string | undefined {
  const s = n.mail.source;
  if (s === undefined) return undefined;
  const bare = s.trim().replace(/^<|>$/g, '');
  return bare.toLowerCase();
}
