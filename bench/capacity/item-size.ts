/**
 * DynamoDB's published item-size and write-unit rules, applied to items read from the table
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** A number: one byte per two significant digits, plus one. */
function numberSize(n: string): number {
  const digits = n.replace(/^[-+]/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((a, s) => a + utf8(s), 0);
  if (v.NS) return v.NS.reduce((a, s) => a + numberSize(s), 0);
  if (v.BS) return v.BS.reduce((a, b) => a + b.length, 0);
  // Lists and maps: 3 bytes, plus one byte per element (and each map key's name).
  if (v.L) return 3 + v.L.reduce((a, e) => a + 1 + valueSize(e), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((a, [k, e]) => a + 1 + utf8(k) + valueSize(e), 0);
  return 0;
}

export function itemSize(item: Item | undefined, only?: ReadonlySet<string>): number {
  if (!item) return 0;
  let size = 0;
  for (const [name, v] of Object.entries(item)) if (!only || only.has(name)) size += utf8(name) + valueSize(v);
  return size;
}

export const unitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

export interface IndexShape {
  readonly name: string;
  readonly keys: readonly string[];
  /** undefined: ALL attributes; otherwise the attributes the index holds (table and index keys included). */
  readonly projected?: ReadonlySet<string>;
}

const sameValue = (a: AttributeValue | undefined, b: AttributeValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

function projectedChanged(before: Item, after: Item, index: IndexShape): boolean {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const n of names) if ((!index.projected || index.projected.has(n)) && !sameValue(before[n], after[n])) return true;
  return false;
}

/**
 * Write units of one successful item write by the rules: the larger of the item before and after,
 * per started KB (twice in a transaction); per index holding the item, a write of the projected size,
 * a delete plus a put when its key changes, nothing when no projected attribute changed.
 */
export function writeUnitsByRules(before: Item | undefined, after: Item | undefined, indexes: readonly IndexShape[], transactional: boolean) {
  const table = (transactional ? 2 : 1) * unitsOf(Math.max(itemSize(before), itemSize(after)));
  let index = 0;
  for (const ix of indexes) {
    const has = (i: Item | undefined) => !!i && ix.keys.every((k) => i[k] !== undefined);
    const size = (i: Item | undefined) => unitsOf(itemSize(i, ix.projected));
    const b = has(before);
    const a = has(after);
    if (!b && a) index += size(after);
    else if (b && !a) index += size(before);
    else if (b && a) {
      const keyChanged = ix.keys.some((k) => !sameValue(before![k], after![k]));
      if (keyChanged) index += size(before) + size(after);
      else if (projectedChanged(before!, after!, ix)) index += unitsOf(Math.max(itemSize(before, ix.projected), itemSize(after, ix.projected)));
    }
  }
  return { table, index, total: table + index };
}
