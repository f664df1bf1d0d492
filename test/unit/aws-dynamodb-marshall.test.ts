import { marshall as sdkMarshall, unmarshall as sdkUnmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { marshall, unmarshall } from '#adapters/aws/dynamodb';

/** A document with every kind of value the adapters store (no binary: the SDK keeps it as bytes, the wire as base64). */
const doc = {
  pk: 'TICKET#1',
  n: 42,
  neg: -3.25,
  big: 2n ** 60n,
  yes: true,
  no: false,
  nothing: null,
  empty: '',
  tags: new Set(['a', 'b']),
  scores: new Set([1, 2.5]),
  list: ['x', 1, { deep: ['y', { deeper: true }] }, [], {}],
  map: { a: { b: { c: 'd' } }, n: 0 },
  emptyList: [],
  emptyMap: {},
};

describe('document ↔ DynamoDB attribute values', () => {
  it('marshals a document exactly as the SDK document client does', () => {
    expect(marshall(doc)).toEqual(sdkMarshall(doc, { removeUndefinedValues: true }));
  });

  it('reads back what it wrote, and what the SDK reads from the same attributes', () => {
    const back = unmarshall(marshall(doc));
    expect(back).toEqual(doc);
    expect(back).toEqual(sdkUnmarshall(sdkMarshall(doc)));
  });

  it('leaves out undefined in maps, lists and sets, as removeUndefinedValues does', () => {
    const withGaps = { a: 'x', gone: undefined, list: [1, undefined, 2], map: { keep: 1, drop: undefined }, set: new Set(['s', undefined]) };
    expect(marshall(withGaps)).toEqual({
      a: { S: 'x' },
      list: { L: [{ N: '1' }, { N: '2' }] },
      map: { M: { keep: { N: '1' } } },
      set: { SS: ['s'] },
    });
    expect(marshall(withGaps)).toEqual(sdkMarshall(withGaps, { removeUndefinedValues: true }));
  });

  it('keeps empty strings (DynamoDB allows them outside keys) and refuses an empty set (DynamoDB has none)', () => {
    expect(marshall({ s: '' })).toEqual({ s: { S: '' } });
    expect(() => marshall({ set: new Set() })).toThrow(/empty set/);
    expect(() => marshall({ set: new Set([undefined]) })).toThrow(/empty set/);
  });

  it('carries binary as base64 and reads it back as bytes, alone and in sets', () => {
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const wire = marshall({ b: bytes, bs: new Set([bytes, new Uint8Array([7])]) });
    expect(wire).toEqual({ b: { B: 'AAH+/w==' }, bs: { BS: ['AAH+/w==', 'Bw=='] } });
    const back = unmarshall(wire);
    expect(back.b).toEqual(bytes);
    expect([...back.bs]).toEqual([bytes, new Uint8Array([7])]);
  });

  it('refuses numbers it cannot carry exactly and class instances, reads numbers beyond the safe integers as BigInt', () => {
    expect(() => marshall({ n: Number.NaN })).toThrow(/NaN/);
    expect(() => marshall({ n: Number.POSITIVE_INFINITY })).toThrow(/Infinity/);
    expect(() => marshall({ n: 2 ** 60 })).toThrow(/safe integers/);
    expect(() => marshall({ when: new Date() })).toThrow(/Date/);
    expect(unmarshall({ n: { N: '123456789012345678901' } }).n).toBe(123456789012345678901n);
    expect(unmarshall({ n: { N: '1e3' } }).n).toBe(1000);
  });

  it('leaves functions out of maps and lists, as the SDK does', () => {
    const withFn = { a: 1, f: () => 1, list: [1, () => 2] };
    expect(marshall(withFn)).toEqual(sdkMarshall(withFn, { removeUndefinedValues: true }));
  });
});
