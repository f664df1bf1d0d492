import { describe, expect, it } from 'vitest';
import { keys } from '#adapters/table-keys';
import { AUDIT_PARTITION_PREFIX } from '#definitions/table-grants';

describe("the key prefixes IAM grants name are the adapters' keys", () => {
  it("an audit record's partition begins with the prefix the sign-in trigger may write, and no other item's does", () => {
    expect(keys.audit('2026-12-07T10:00:00.000Z', 'r1').pk.startsWith(AUDIT_PARTITION_PREFIX)).toBe(true);
    for (const other of [keys.ticket('10234'), keys.customer('c1'), keys.identity('email', 'a@b.c'), keys.message('m1'), keys.thread('chat', 'conv')]) {
      expect(other.pk.startsWith(AUDIT_PARTITION_PREFIX)).toBe(false);
    }
  });
});
