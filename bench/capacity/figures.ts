/** The capacity benchmark's figures: medians per message of the recorded calls a case keeps. */
import type { Recorded } from './recording-proxy';

/** One message's calls: everything recorded from its send until every function involved was quiet. */
export interface Window {
  records: Recorded[];
}

type Measure = 'readUnits' | 'readUnitsByRules' | 'writeUnits' | 'writeUnitsByRules';
export type Keep = (r: Recorded) => boolean;

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return 0;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const round = (n: number) => Math.round(n * 100) / 100;

const sum = (rs: Recorded[], k: Measure) => rs.reduce((a, r) => a + r[k], 0);

export const perMessage = (ws: readonly Window[], keep: Keep, k: Measure) => round(median(ws.map((w) => sum(w.records.filter(keep), k))));

export const callsPerMessage = (ws: readonly Window[], keep: Keep) => round(median(ws.map((w) => w.records.filter(keep).length)));

export const units = (ws: readonly Window[], keep: Keep) => ({
  writeUnits: perMessage(ws, keep, 'writeUnits'),
  writeUnitsByRules: perMessage(ws, keep, 'writeUnitsByRules'),
  readUnits: perMessage(ws, keep, 'readUnits'),
  readUnitsByRules: perMessage(ws, keep, 'readUnitsByRules'),
});

/** The units of each function that made a call the case keeps. */
export function byFunction(ws: readonly Window[], keep: Keep) {
  const names = [...new Set(ws.flatMap((w) => w.records.filter(keep).map((r) => r.by)))].sort();
  return Object.fromEntries(names.map((n) => [n, units(ws, (r) => keep(r) && r.by === n)]));
}

/** One line per call, to see where a message's units go (BENCH_CAPACITY_CALLS=1). */
export function callLines(w: Window, isIndex: Keep): string[] {
  return w.records.map((r) => {
    const what = r.items.length
      ? r.items.map((i) => `${i.kind} ${i.key} ${i.bytesBefore}→${i.bytesAfter} B: ${i.units.table}+${i.units.index}`).join('; ')
      : r.reads.join(', ');
    const figures = `W ${round(r.writeUnitsByRules)} (${round(r.writeUnits)}) R ${round(r.readUnitsByRules)} (${round(r.readUnits)})`;
    return `${isIndex(r) ? '[index] ' : ''}${r.by} ${r.operation}${r.failed ? ' FAILED' : ''} ${figures}  ${what}`;
  });
}
