import { describe, expect, it } from 'vitest';
import type { Interaction, Ticket } from '#core/model';
import { fromItem, interactionItem, keys } from '#adapters/table-keys';

const note: Interaction = {
  ticketId: '10001',
  key: '2026-03-06T10:00:00.000Z#000001.abc',
  direction: 'internal',
  kind: 'note',
  channel: 'chat',
  customerId: 'c1',
  at: '2026-03-06T10:00:00.000Z',
  text: 'called the carrier',
};

describe("the interaction's table keys", () => {
  it("stores an interaction under its ticket and its customer by the prefixed sort key, keeping the domain's id", () => {
    const item = interactionItem(note);
    expect(item).toMatchObject({ pk: 'TICKET#10001', sk: 'INTERACTION#2026-03-06T10:00:00.000Z#000001.abc', gsi2pk: 'CUSTOMER#c1', gsi2sk: item.sk });
    expect(item.key).toBe(note.key);
    expect(fromItem<Interaction>(item)).toEqual(note);
  });

  it('finds the same item from an id with or without the prefix (queued messages and callback data of an earlier version)', () => {
    expect(keys.interaction('10001', note.key)).toEqual(keys.interaction('10001', `INTERACTION#${note.key}`));
    expect(interactionItem({ ...note, key: `INTERACTION#${note.key}` })).toEqual(interactionItem(note));
  });

  it('reads an interaction stored with the prefixed key as the prefix-free id', () => {
    const stored = { ...interactionItem(note), key: `INTERACTION#${note.key}` };
    expect(fromItem<Interaction>(stored).key).toBe(note.key);
  });

  it("reads a ticket's last delivery failure recorded with the prefixed key as the prefix-free id", () => {
    const failure = { interactionKey: `INTERACTION#${note.key}`, reason: 'bounced', at: note.at };
    const ticket = fromItem<Ticket>({ pk: 'TICKET#10001', sk: 'TICKET', type: 'ticket', id: '10001', lastDeliveryFailure: failure });
    expect(ticket.lastDeliveryFailure).toEqual({ ...failure, interactionKey: note.key });
  });

  it('leaves an attribute named key alone on items that are not interactions', () => {
    expect(fromItem<{ key: string }>({ pk: 'X#1', sk: 'Y', type: 'other', key: 'INTERACTION#kept' }).key).toBe('INTERACTION#kept');
  });
});
