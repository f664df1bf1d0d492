import type { RecordFailure } from '#core/failures';
import { invocationRecord, type DeadLetter } from './dlq-queue';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/**
 * What a queued body or an event is about, in one line: its channel, conversation and message id.
 * Bodies are the pipeline's messages (inbound/outbound), social events wrapping one, SES receipt events
 * (Records[].ses), SES events through EventBridge (detail), SLA timers, or SES notifications inside an
 * SNS envelope; anything else is shown by its start.
 */
export function summariseBody(body: string): string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return `not JSON: ${clip(JSON.stringify(body), 80)}`;
  }
  if (!value || typeof value !== 'object') return `JSON ${clip(body, 80)}`;
  let v = value as Record<string, unknown>;
  // SES's receipt event (the ingest function's) and EventBridge's envelope carry SES's mail in them.
  const sesRecord = Array.isArray(v.Records) ? (v.Records[0] as { ses?: Record<string, unknown> } | undefined)?.ses : undefined;
  if (sesRecord && typeof sesRecord === 'object') v = { ...sesRecord, kind: 'receipt' };
  else if (v.detail && typeof v.detail === 'object' && typeof v['detail-type'] === 'string')
    v = { ...(v.detail as Record<string, unknown>), kind: v['detail-type'] };
  if (v.Type === 'Notification' && typeof v.Message === 'string') {
    try {
      v = JSON.parse(v.Message) as Record<string, unknown>;
    } catch {
      return `SNS notification: ${clip(String(v.Message), 80)}`;
    }
  }
  // A social event carries the inbound message it forwards.
  const inner = v.message && typeof v.message === 'object' ? (v.message as Record<string, unknown>) : undefined;
  const m = inner && 'channel' in inner ? inner : v;
  const mail = m.mail && typeof m.mail === 'object' ? (m.mail as Record<string, unknown>) : undefined;
  const parts = [
    ['channel', str(m.channel) ?? (mail ? 'email' : undefined)],
    ['kind', str(v.kind) ?? str(m.kind) ?? str(m.notificationType) ?? str(m.eventType)],
    ['conversation', str(m.conversationKey) ?? str(m.conversationId)],
    ['ticket', str(m.ticketId)],
    ['message', str(m.channelMessageId) ?? str(m.outboundId) ?? str(m.providerMessageId) ?? str(mail?.messageId) ?? str(m.messageId)],
  ].filter((p): p is [string, string] => p[1] !== undefined);
  if (!parts.length) return `JSON ${clip(body, 80)}`;
  return parts.map(([k, val]) => `${k} ${clip(val, 60)}`).join(' · ');
}

const time = (ms: number | string | undefined) => (ms === undefined ? 'unknown' : new Date(ms).toISOString());

/** One dead letter of a queue for `show`: ids, times, the summary, and why it failed. */
export function describeLetter(letter: DeadLetter, failure: RecordFailure | undefined): string[] {
  const why = failure
    ? `${failure.errorName}: ${failure.errorMessage}`
    : 'not recorded (the consumer timed out or crashed before it could record, or the record expired)';
  return [
    `  ${letter.messageId}${letter.groupId ? `  group ${letter.groupId}` : ''}`,
    `    ${summariseBody(letter.body)}`,
    `    first received ${failure?.firstReceivedAt ?? 'unknown'} · receive count ${failure?.receiveCount ?? 'unknown'} · dead-lettered ${time(letter.sentAt)}`,
    `    why: ${why}${failure ? ` (last failure ${failure.at})` : ''}`,
  ];
}

/**
 * One dead letter of an asynchronously invoked function for `show`. Lambda's invocation record says
 * why (the function's error, or the condition alone when it never ran to an error, e.g. the event
 * grew older than the maximum age); a raw event is what EventBridge or Scheduler could not deliver,
 * with their error attributes when they set them.
 */
export function describeInvocation(letter: DeadLetter): string[] {
  const record = invocationRecord(letter.body);
  const head = `  ${letter.messageId}`;
  if (!record) {
    const attr = (name: string) => letter.attributes[name]?.StringValue;
    const code = attr('ERROR_CODE');
    const why = code
      ? `not delivered by EventBridge/Scheduler: ${code}: ${attr('ERROR_MESSAGE') ?? ''}${attr('EXHAUSTED_RETRY_CONDITION') ? ` (${attr('EXHAUSTED_RETRY_CONDITION')})` : ''}`
      : 'raw event delivered by EventBridge/Scheduler, error not recorded';
    return [head, `    ${summariseBody(letter.body)}`, `    dead-lettered ${time(letter.sentAt)}`, `    why: ${why.trim()}`];
  }
  const ctx = record.requestContext;
  const error =
    record.responsePayload?.errorType || record.responsePayload?.errorMessage
      ? `${record.responsePayload.errorType ?? 'Error'}: ${record.responsePayload.errorMessage ?? ''}`
      : 'no error returned';
  return [
    head,
    `    ${summariseBody(JSON.stringify(record.requestPayload ?? null))}`,
    `    invoked ${ctx.approximateInvokeCount ?? 'unknown'} time(s) · gave up ${record.timestamp ?? time(letter.sentAt)}`,
    `    why: ${ctx.condition ?? 'unknown condition'} · ${clip(error.trim(), 300)}`,
  ];
}

/** A plain text table with left-aligned columns. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((c, i) => (c ?? '').padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export const IDEMPOTENT_NOTE =
  'Replays are idempotent: every consumer records what it has done (the pipeline its message guard, which e-mail ingest feeds the same message id again, the sender its delivery lease, the others a guarded write), so a redriven message or event is processed once, even if an earlier attempt got part of the way.';
