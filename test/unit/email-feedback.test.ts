import { describe, expect, it } from 'vitest';
import { applyFeedback } from '#channels/email/feedback';
import { deliveryTags } from '#channels/email/ses-message';
import type { DeliveryFailure, OutboundRef } from '#core/ports';
import { MemoryEmailStore } from './email-store-fake';

function setup() {
  const store = new MemoryEmailStore();
  const recorded: [OutboundRef, DeliveryFailure][] = [];
  const failures = { recordDeliveryFailure: async (ref: OutboundRef, f: DeliveryFailure) => (recorded.push([ref, f]), 'recorded' as const) };
  return { store, recorded, deps: { store, failures, now: () => new Date('2026-12-07T10:00:00Z') } };
}

const bounce = (tags: Record<string, string[]>) => ({
  eventType: 'Bounce',
  mail: { messageId: 'ses-9', destination: ['ayse@example.com'], tags },
  bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'Ayse@Example.com' }] },
});

describe('a bounce from SES', () => {
  it('names the reply that bounced by the message tags it was sent with: no look-up', async () => {
    const { store, recorded, deps } = setup();
    const tags = Object.fromEntries(
      Object.entries(deliveryTags({ ticketId: '10234', interactionKey: '2026-12-07T09:00:00.000Z#out1' })).map(([k, v]) => [k, [v]]),
    );
    expect(await applyFeedback(deps, bounce(tags))).toEqual({ suppressed: ['ayse@example.com'], ticketId: '10234' });
    expect(recorded[0]![0]).toEqual({ ticketId: '10234', interactionKey: '2026-12-07T09:00:00.000Z#out1' });
    expect(store.suppressions.get('ayse@example.com')?.ticketId).toBe('10234');
  });

  it('of a mail sent before there were tags finds it by the item kept under SES’s id', async () => {
    const { store, recorded, deps } = setup();
    await store.rememberMessageId('<ses-9@amazonses.com>', 'mail-1', { ticketId: '10001', interactionKey: 'old#out' });
    expect((await applyFeedback(deps, bounce({ 'ses:configuration-set': ['cs'] }))).ticketId).toBe('10001');
    expect(recorded[0]![0]).toEqual({ ticketId: '10001', interactionKey: 'old#out' });
  });
});
