import type { RecordFailure } from '../lambdas/core/failures';
import type { DeadLetter } from './dlq-queue';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/**
 * What a queued body is about, in one line: its channel, conversation and message id. Bodies are the
 * pipeline's messages (inbound/outbound), social events wrapping one, SLA timers, or SES notifications
 * inside an SNS envelope; anything else is shown by its start.
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

/** Lambda's own failure attributes on a function's dead letter. */
function lambdaFailure(letter: DeadLetter): string | undefined {
  const code = letter.attributes.ErrorCode?.StringValue;
  const message = letter.attributes.ErrorMessage?.StringValue;
  return code || message ? `${code ?? 'error'}: ${message ?? ''}`.trim() : undefined;
}

/** One dead letter for `show`: ids, times, the summary, and why it failed. */
export function describeLetter(letter: DeadLetter, failure: RecordFailure | undefined): string[] {
  const why = failure
    ? `${failure.errorName}: ${failure.errorMessage}`
    : (lambdaFailure(letter) ?? 'not recorded (the consumer timed out or crashed before it could record, or the record expired)');
  return [
    `  ${letter.messageId}${letter.groupId ? `  group ${letter.groupId}` : ''}`,
    `    ${summariseBody(letter.body)}`,
    `    first received ${failure?.firstReceivedAt ?? 'unknown'} · receive count ${failure?.receiveCount ?? 'unknown'} · dead-lettered ${time(letter.sentAt)}`,
    `    why: ${why}${failure ? ` (last failure ${failure.at})` : ''}`,
  ];
}

/** A plain text table with left-aligned columns. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows].map((r) => r.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export const IDEMPOTENT_NOTE =
  'Replays are idempotent: every consumer records what it has done (the pipeline its message guard, the sender its delivery lease, the others a guarded write), so a redriven message is processed once, even if an earlier attempt got part of the way.';
