/**
 * Native JavaScript values ↔ DynamoDB's AttributeValues as the JSON protocol carries them, with the
 * rules of the AWS SDK's document client as this project configures it (removeUndefinedValues, no
 * class instances as maps): undefined is left out of maps and lists, empty strings stay strings,
 * an empty set is refused (DynamoDB has none), binary travels as base64, numbers beyond the safe
 * integers come back as BigInt.
 */

/** Any value a document holds (the SDK's NativeAttributeValue is as open). */
export type NativeValue = any;
export type Document = Record<string, NativeValue>;

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

export type AttributeMap = Record<string, AttributeValue>;

export class MarshallError extends Error {
  override name = 'MarshallError';
}

const isBinary = (v: unknown): v is ArrayBufferView | ArrayBuffer => ArrayBuffer.isView(v) || v instanceof ArrayBuffer;
const base64 = (v: ArrayBufferView | ArrayBuffer) =>
  (v instanceof ArrayBuffer ? Buffer.from(v) : Buffer.from(v.buffer, v.byteOffset, v.byteLength)).toString('base64');

function numberText(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (!Number.isFinite(n)) throw new MarshallError(`Special numeric value ${n} is not allowed`);
  if (n > Number.MAX_SAFE_INTEGER || n < Number.MIN_SAFE_INTEGER) throw new MarshallError(`Number ${n} is beyond the safe integers: pass a BigInt`);
  return String(n);
}

function setToAttr(set: Set<unknown>): AttributeValue {
  const values = [...set].filter((v) => v !== undefined);
  if (values.length === 0) throw new MarshallError('DynamoDB has no empty sets: leave the attribute out or remove it');
  const first = values[0];
  if (typeof first === 'string') return { SS: values.map(String) };
  if (typeof first === 'number' || typeof first === 'bigint') return { NS: values.map((v) => numberText(v as number | bigint)) };
  if (isBinary(first)) return { BS: values.map((v) => base64(v as ArrayBufferView)) };
  throw new MarshallError('Only sets of strings, numbers or binary are allowed');
}

function mapToAttr(entries: Iterable<[string, unknown]>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [k, v] of entries) if (v !== undefined && typeof v !== 'function') out[k] = toAttr(v);
  return out;
}

export function toAttr(value: unknown): AttributeValue {
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
    case 'bigint':
      return { N: numberText(value) };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      break;
    default:
      throw new MarshallError(`Unsupported type passed: ${typeof value}`);
  }
  if (Array.isArray(value)) return { L: value.filter((v) => v !== undefined && typeof v !== 'function').map(toAttr) };
  if (value instanceof Set) return setToAttr(value);
  if (value instanceof Map) return { M: mapToAttr(value) };
  if (isBinary(value)) return { B: base64(value) };
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return { M: mapToAttr(Object.entries(value)) };
  throw new MarshallError(`Unsupported type passed: ${proto?.constructor?.name ?? 'object'} (only plain objects become maps)`);
}

export function fromAttr(attr: AttributeValue): NativeValue {
  if ('S' in attr) return attr.S;
  if ('N' in attr) return parseNumber(attr.N);
  if ('BOOL' in attr) return attr.BOOL;
  if ('NULL' in attr) return null;
  if ('M' in attr) return unmarshall(attr.M);
  if ('L' in attr) return attr.L.map(fromAttr);
  if ('SS' in attr) return new Set(attr.SS);
  if ('NS' in attr) return new Set(attr.NS.map(parseNumber));
  if ('B' in attr) return fromBase64(attr.B);
  if ('BS' in attr) return new Set(attr.BS.map(fromBase64));
  throw new MarshallError(`Unsupported attribute value: ${JSON.stringify(attr)}`);
}

function parseNumber(text: string): number | bigint {
  const n = Number(text);
  if (Number.isFinite(n) && (n > Number.MAX_SAFE_INTEGER || n < Number.MIN_SAFE_INTEGER)) {
    try {
      return BigInt(text);
    } catch {
      throw new MarshallError(`${text} can't be converted to BigInt`);
    }
  }
  return n;
}

const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/** A document (item, key, expression values) as DynamoDB's attribute map. */
export const marshall = (doc: Document): AttributeMap => mapToAttr(Object.entries(doc));

/** An attribute map (an item as DynamoDB sends it) as a plain document. */
export function unmarshall(map: AttributeMap): Document {
  const out: Document = {};
  for (const [k, v] of Object.entries(map)) out[k] = fromAttr(v);
  return out;
}
