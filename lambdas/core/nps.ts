/**
 * Net Promoter Score: the 0–10 "would you recommend us" answer and what a period's answers add up to.
 * Pure arithmetic, shared by the metrics route, the customer view and the console.
 */

export const NPS_MIN = 0;
export const NPS_MAX = 10;

export type NpsClass = 'promoter' | 'passive' | 'detractor';

/** The standard classes: 9–10 promote, 7–8 are passive, 0–6 detract. */
export function npsClass(score: number): NpsClass {
  if (!Number.isInteger(score) || score < NPS_MIN || score > NPS_MAX) throw new RangeError(`an NPS score is an integer from 0 to 10, not ${score}`);
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

export interface NpsFigures {
  /** % promoters − % detractors, −100…100 (rounded to a whole number); null without answers. */
  readonly nps: number | null;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  readonly responses: number;
  readonly surveysSent: number;
  /** responses / surveysSent, 0..1 (4 decimals); null when none was sent. */
  readonly responseRate: number | null;
}

/** The figures of the surveys sent in a period: each either answered (its score) or not (undefined). */
export function npsFigures(surveys: Iterable<{ readonly score?: number | undefined }>): NpsFigures {
  let sent = 0;
  const count: Record<NpsClass, number> = { promoter: 0, passive: 0, detractor: 0 };
  for (const s of surveys) {
    sent++;
    if (s.score !== undefined) count[npsClass(s.score)]++;
  }
  const responses = count.promoter + count.passive + count.detractor;
  return {
    // Rounded once, from the counts: rounding each percentage first could be off by one.
    nps: responses ? Math.round(((count.promoter - count.detractor) / responses) * 100) : null,
    promoters: count.promoter,
    passives: count.passive,
    detractors: count.detractor,
    responses,
    surveysSent: sent,
    responseRate: sent ? Math.round((responses / sent) * 10_000) / 10_000 : null,
  };
}

const DAY_MS = 86_400_000;

/** A customer last asked at or before this time may be asked again (`intervalDays` before `now`). */
export const npsAskableBefore = (now: string, intervalDays: number): string => new Date(Date.parse(now) - intervalDays * DAY_MS).toISOString();
