/** A dashboard range: UTC days, as GET /metrics reads them (from and to included). */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

export type Preset = 'today' | '7d' | '30d';

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The preset's days, ending today (UTC). */
export function presetRange(preset: Preset, now = Date.now()): DayRange {
  const days = preset === 'today' ? 1 : preset === '7d' ? 7 : 30;
  return { from: isoDay(now - (days - 1) * DAY_MS), to: isoDay(now) };
}

/** A custom range as typed: both days, from not after to; else why not. */
export function checkRange(from: string, to: string): 'ok' | 'missing' | 'reversed' {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return 'missing';
  return from <= to ? 'ok' : 'reversed';
}
