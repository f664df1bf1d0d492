/**
 * Lambda's event filtering, locally: the part of the EventBridge pattern syntax the definitions use.
 * A pattern is an object whose leaves are arrays of allowed values; a record matches when every field
 * of the pattern matches (nested objects recurse), and a leaf matches when any of its values does:
 * an exact string, number, boolean or null, `{ prefix }`, `{ exists }`, or `{ anything-but: [...] }`.
 * Anything else is refused loudly, so a definition cannot quietly filter differently here than in AWS.
 */
export function matchesFilters(record: unknown, filters: readonly Record<string, unknown>[]): boolean {
  return filters.length === 0 || filters.some((f) => matchesPattern(record, f));
}

function matchesPattern(value: unknown, pattern: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, rule]) => {
    const v = isObject(value) ? value[field] : undefined;
    if (Array.isArray(rule)) return rule.some((r) => matchesLeaf(v, r));
    if (isObject(rule)) return matchesPattern(v, rule);
    throw new Error(`event filter: field ${field} must be an array of values or a nested pattern`);
  });
}

function matchesLeaf(value: unknown, rule: unknown): boolean {
  if (rule === null || ['string', 'number', 'boolean'].includes(typeof rule)) return value === rule;
  if (isObject(rule)) {
    if (typeof rule.prefix === 'string') return typeof value === 'string' && value.startsWith(rule.prefix);
    if (typeof rule.exists === 'boolean') return (value !== undefined) === rule.exists;
    if (Array.isArray(rule['anything-but'])) return value !== undefined && !rule['anything-but'].includes(value);
  }
  throw new Error(`event filter: unsupported rule ${JSON.stringify(rule)}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
