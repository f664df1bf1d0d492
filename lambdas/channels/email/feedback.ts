import * as z from 'zod/mini';
import { PoisonMessageError } from '#core/errors';
import type { DeliveryFailureRecorder } from '#core/ports';
import type { EmailStore } from './ports';
import { deliveryOfTags, sesMessageId } from './ses-message';

/**
 * SES sending events of the configuration set (bounce, complaint), as its EventBridge destination
 * publishes them (the event's detail; the SNS destination's JSON is the same document): a permanent bounce or a complaint suppresses the address for good, and the ticket
 * of the mail that bounced records why.
 */
export const sesFeedbackSchema = z.object({
  eventType: z.optional(z.string()),
  notificationType: z.optional(z.string()),
  mail: z.looseObject({
    messageId: z.string(),
    destination: z._default(z.array(z.string()), []),
    tags: z.optional(z.record(z.string(), z.array(z.string()))),
  }),
  bounce: z.optional(
    z.looseObject({
      bounceType: z.string(),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: z.array(z.looseObject({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()) })),
    }),
  ),
  complaint: z.optional(
    z.looseObject({ complainedRecipients: z.array(z.looseObject({ emailAddress: z.string() })), complaintFeedbackType: z.optional(z.string()) }),
  ),
});
export type SesFeedback = z.infer<typeof sesFeedbackSchema>;

/**
 * The EventBridge event ("Email Bounced", "Email Complaint Received") an EventBridge rule hands the
 * events function: the SES event is its detail.
 */
export function feedbackFromEventBridge(event: unknown): SesFeedback {
  const detail = (event as { detail?: unknown } | null)?.detail;
  if (detail === undefined) throw new PoisonMessageError('not an EventBridge event: no detail');
  const parsed = sesFeedbackSchema.safeParse(detail);
  if (!parsed.success) throw new PoisonMessageError(`not an SES sending event: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export interface FeedbackDeps {
  readonly store: Pick<EmailStore, 'suppress' | 'sentMessage'>;
  /** Records the failure on the mail's interaction and its ticket (lastDeliveryFailure), where agents see it. */
  readonly failures: DeliveryFailureRecorder;
  readonly now?: () => Date;
}

export interface FeedbackResult {
  readonly suppressed: readonly string[];
  readonly ticketId?: string;
}

export async function applyFeedback(deps: FeedbackDeps, event: SesFeedback): Promise<FeedbackResult> {
  const type = event.eventType ?? event.notificationType;
  const at = (deps.now?.() ?? new Date()).toISOString();
  const entries: { address: string; reason: string }[] = [];
  if (type === 'Bounce' && event.bounce?.bounceType === 'Permanent') {
    for (const r of event.bounce.bouncedRecipients) {
      entries.push({
        address: r.emailAddress,
        reason: `permanent bounce (${event.bounce.bounceSubType ?? 'General'})${r.diagnosticCode ? `: ${r.diagnosticCode}` : ''}`.slice(0, 500),
      });
    }
  } else if (type === 'Complaint' && event.complaint) {
    for (const r of event.complaint.complainedRecipients) {
      entries.push({
        address: r.emailAddress,
        reason: `complaint${event.complaint.complaintFeedbackType ? ` (${event.complaint.complaintFeedbackType})` : ''}: the recipient marked our mail as spam`,
      });
    }
  }
  // Transient bounces (mailbox full, greylisting) are SES's to retry; nothing is suppressed.
  if (!entries.length) return { suppressed: [] };
  // The tags the mail was sent with; a mail sent before there were tags has an item under SES's id.
  const sent = deliveryOfTags(event.mail.tags) ?? (await deps.store.sentMessage(sesMessageId(event.mail.messageId)));
  const ticketId = sent?.ticketId;
  for (const e of entries) await deps.store.suppress({ address: e.address.toLowerCase(), reason: e.reason, at, ...(ticketId ? { ticketId } : {}) });
  if (sent) {
    const reason = `${entries.map((e) => `${e.address}: ${e.reason}`).join('; ')}; no more mail is sent to ${entries.length > 1 ? 'these addresses' : 'this address'}`;
    await deps.failures.recordDeliveryFailure(sent, { stage: 'after-send', reason, at });
  }
  return { suppressed: entries.map((e) => e.address.toLowerCase()), ...(ticketId ? { ticketId } : {}) };
}
