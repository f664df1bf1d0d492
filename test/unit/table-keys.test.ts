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
  it("stores an interaction under its ticket and its customer by the prefixed sort key, and reads the domain's id, ticket and customer back from the keys", () => {
    const item = interactionItem(note);
    expect(item).toMatchObject({ pk: 'TICKET#10001', sk: 'INTERACTION#2026-03-06T10:00:00.000Z#000001.abc', gsi2pk: 'CUSTOMER#c1', gsi2sk: item.sk });
    // Stored once, in the keys: the item is that much smaller.
    expect(item).not.toHaveProperty('key');
    expect(item).not.toHaveProperty('ticketId');
    expect(item).not.toHaveProperty('customerId');
    expect(fromItem<Interaction>(item)).toEqual(note);
  });

  it('reads an interaction of an earlier version, which also stored its id, ticket and customer as attributes', () => {
    const earlier = { ...interactionItem(note), type: 'interaction', key: note.key, ticketId: note.ticketId, customerId: note.customerId };
    expect(fromItem<Interaction>(earlier)).toEqual(note);
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
