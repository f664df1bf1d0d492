import { sha256Hex } from '#core/bounds';

/**
 * One item per customer address (EMAILFROM#<address>) holds what the channel asks of an address when
 * a mail opens a conversation: the subjects it wrote lately (subject → conversation, for the subject
 * window) and its mails counted this hour (the per-sender rate limit). Claiming a subject and counting
 * the mail are then one write. Pure transitions here; email-store reads and writes the item.
 */
export interface SenderState {
  /** When the item was made: subjects claimed before it live in the earlier EMAILSUBJ items. */
  readonly since: string;
  readonly hour?: string;
  /** The mails (their hashes) counted in `hour`. */
  readonly members: readonly string[];
  /** A subject's slot (hash of the compared form) → its conversation and latest mail (epoch seconds). */
  readonly subjects: Readonly<Record<string, SubjectEntry>>;
  readonly expiresAt: number;
}

export interface SubjectEntry {
  readonly c: string;
  readonly at: number;
}

/** The latest subjects kept: the item stays within one write unit (1 KB) whatever the address writes. */
export const MAX_SUBJECTS = 6;
const HOUR_SECONDS = 3600;

export const subjectSlot = (subjectKey: string) => sha256Hex(subjectKey).slice(0, 16);
export const hourOf = (now: Date) => now.toISOString().slice(0, 13);
export const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

export function emptySender(now: Date): SenderState {
  return { since: now.toISOString(), members: [], subjects: {}, expiresAt: epochSeconds(now) + 2 * HOUR_SECONDS };
}

export interface Counted {
  readonly state: SenderState;
  readonly count: number;
}

/** The mail counted in the current hour (once however often it comes); past `cap` nothing more is kept. */
export function countMail(s: SenderState, member: string, cap: number, now: Date): Counted {
  const hour = hourOf(now);
  const members = s.hour === hour ? s.members : [];
  const has = members.includes(member);
  const count = members.length + (has ? 0 : 1);
  const kept = has || members.length >= cap ? members : [...members, member];
  const expiresAt = Math.max(s.expiresAt, epochSeconds(now) + 2 * HOUR_SECONDS);
  return { state: { ...s, hour, members: kept, expiresAt }, count };
}

/** Subjects whose window is over are dropped, and only the latest MAX_SUBJECTS kept. */
export function withSubject(s: SenderState, slot: string, entry: SubjectEntry, windowStart: Date, now: Date): SenderState {
  const start = epochSeconds(windowStart);
  const live = Object.entries({ ...s.subjects, [slot]: entry })
    .filter(([, e]) => e.at >= start)
    .sort(([, a], [, b]) => b.at - a.at)
    .slice(0, MAX_SUBJECTS);
  const windowSeconds = epochSeconds(now) - start;
  return { ...s, subjects: Object.fromEntries(live), expiresAt: Math.max(s.expiresAt, epochSeconds(now) + windowSeconds + HOUR_SECONDS) };
}

export function senderStateOf(item: Record<string, unknown>): SenderState {
  return {
    since: item.since as string,
    ...(item.hour ? { hour: item.hour as string } : {}),
    members: (item.members as string[] | undefined) ?? [],
    subjects: (item.subjects as Record<string, SubjectEntry> | undefined) ?? {},
    expiresAt: Number(item.expiresAt ?? 0),
  };
}
