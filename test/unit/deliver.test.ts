import { describe, expect, it } from 'vitest';
import { deliverOutbound, DeliveryInFlightError } from '#core/deliver';
import { PermanentDeliveryError, PoisonMessageError } from '#core/errors';
import type { OutboundMessage } from '#core/messages';
import type { Delivery } from '#core/model';
import type { ClaimResult, DeliveryStore } from '#core/ports';

/** An in-memory delivery store with the same lease rules as the DynamoDB adapter. */
function memoryStore(initial?: Delivery) {
  let d: Delivery | undefined = initial;
  let failCalls = 0;
  const store: DeliveryStore = {
    async claimDelivery(_t, _k, now, leaseMs): Promise<ClaimResult> {
      if (!d) return 'missing';
      if (d.status === 'sent') return 'already-sent';
      if (d.status === 'failed') return 'already-failed';
      if (d.status === 'sending' && d.leaseUntil! >= now.toISOString()) return { status: 'in-flight', leaseUntil: d.leaseUntil! };
      d = { ...d, status: 'sending', attempts: d.attempts + 1, leaseUntil: new Date(now.getTime() + leaseMs).toISOString() };
      return 'claimed';
    },
    async completeDelivery(_t, _k, now, providerMessageId) {
      d = { status: 'sent', attempts: d!.attempts, sentAt: now.toISOString(), providerMessageId };
    },
    async releaseDelivery(_t, _k, error) {
      d = { status: 'pending', attempts: d!.attempts, lastError: error };
    },
    async failDelivery(_t, _k, now, reason) {
      failCalls++;
      // The first recorded failure is kept, as the adapter keeps it.
      if (d!.status === 'sending') d = { status: 'failed', attempts: d!.attempts, lastError: reason, failedAt: now.toISOString() };
    },
  };
  return { store, state: () => d, failCalls: () => failCalls };
}

const msg: OutboundMessage = {
  outboundId: 'o1',
  ticketId: '10001',
  interactionKey: 'INTERACTION#t#o1',
  kind: 'acknowledgement',
  channel: 'chat',
  to: 'v1',
  conversationKey: 'v1',
  text: 'hello',
  locale: 'en',
  createdAt: '2026-11-23T10:00:00.000Z',
};

describe('delivering an outbound message', () => {
  it('sends once, however often the queue delivers it', async () => {
    const { store, state } = memoryStore({ status: 'pending', attempts: 0 });
    let sends = 0;
    const deps = { store, senders: { chat: { send: async () => ({ providerMessageId: `p${++sends}` }) } }, leaseMs: 60_000 };
    expect(await deliverOutbound(deps, msg)).toBe('sent');
    expect(await deliverOutbound(deps, msg)).toBe('already-sent');
    expect(await deliverOutbound(deps, msg)).toBe('already-sent');
    expect(sends).toBe(1);
    expect(state()).toMatchObject({ status: 'sent', providerMessageId: 'p1', attempts: 1 });
  });

  it('a failed send releases the claim and throws, so the retry can send', async () => {
    const { store, state } = memoryStore({ status: 'pending', attempts: 0 });
    let fail = true;
    const deps = {
      store,
      senders: {
        chat: {
          send: async () => {
            if (fail) throw new Error('provider down');
            return { providerMessageId: 'p' };
          },
        },
      },
      leaseMs: 60_000,
    };
    await expect(deliverOutbound(deps, msg)).rejects.toThrow('provider down');
    expect(state()).toMatchObject({ status: 'pending', lastError: 'provider down' });
    fail = false;
    expect(await deliverOutbound(deps, msg)).toBe('sent');
    expect(state()!.attempts).toBe(2);
  });

  it('a copy arriving while another attempt holds the lease is retried later, not sent', async () => {
    const { store } = memoryStore({ status: 'sending', attempts: 1, leaseUntil: '2999-01-01T00:00:00.000Z' });
    const deps = { store, senders: { chat: { send: async () => ({ providerMessageId: 'p' }) } }, leaseMs: 60_000 };
    await expect(deliverOutbound(deps, msg)).rejects.toBeInstanceOf(DeliveryInFlightError);
  });

  it('a message that finds the lease held comes back when the lease ends, not after the visibility timeout', async () => {
    const now = new Date('2026-12-07T10:00:00.000Z');
    const { store } = memoryStore({ status: 'sending', attempts: 1, leaseUntil: '2026-12-07T10:00:41.500Z' });
    const deps = { store, senders: { chat: { send: async () => ({ providerMessageId: 'p' }) } }, leaseMs: 60_000, now: () => now };
    const error = await deliverOutbound(deps, msg).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryInFlightError);
    expect((error as DeliveryInFlightError).retryAfterSeconds).toBe(42);
  });

  it('an expired lease (a crashed attempt) may be taken over', async () => {
    const { store } = memoryStore({ status: 'sending', attempts: 1, leaseUntil: '2000-01-01T00:00:00.000Z' });
    const deps = { store, senders: { chat: { send: async () => ({ providerMessageId: 'p' }) } }, leaseMs: 60_000 };
    expect(await deliverOutbound(deps, msg)).toBe('sent');
  });

  it('a channel without a sender, or without its interaction, is a poison message', async () => {
    const { store } = memoryStore({ status: 'pending', attempts: 0 });
    await expect(deliverOutbound({ store, senders: {}, leaseMs: 1 }, msg)).rejects.toBeInstanceOf(PoisonMessageError);
    const empty = memoryStore(undefined);
    const deps = { store: empty.store, senders: { chat: { send: async () => ({ providerMessageId: 'p' }) } }, leaseMs: 1 };
    await expect(deliverOutbound(deps, msg)).rejects.toBeInstanceOf(PoisonMessageError);
  });

  it('a permanent failure is recorded, not thrown, and the message is never sent again', async () => {
    const { store, state } = memoryStore({ status: 'pending', attempts: 0 });
    let attempts = 0;
    const deps = {
      store,
      senders: {
        chat: {
          send: async (): Promise<{ providerMessageId: string }> => {
            attempts++;
            throw new PermanentDeliveryError('recipient refused (400)');
          },
        },
      },
      leaseMs: 60_000,
    };
    expect(await deliverOutbound(deps, msg)).toBe('failed');
    expect(state()).toMatchObject({ status: 'failed', lastError: 'recipient refused (400)' });
    expect(await deliverOutbound(deps, msg)).toBe('failed');
    expect(attempts).toBe(1);
  });

  it('a replay of a failed message asks the store to finish recording the failure, and keeps the first reason', async () => {
    const { store, state, failCalls } = memoryStore({
      status: 'failed',
      attempts: 1,
      lastError: 'recipient refused (400)',
      failedAt: '2026-11-23T10:00:01.000Z',
    });
    let attempts = 0;
    const deps = { store, senders: { chat: { send: async () => ({ providerMessageId: `p${++attempts}` }) } }, leaseMs: 60_000 };
    expect(await deliverOutbound(deps, msg)).toBe('failed');
    expect(attempts).toBe(0);
    expect(failCalls()).toBe(1);
    expect(state()).toMatchObject({ status: 'failed', lastError: 'recipient refused (400)', failedAt: '2026-11-23T10:00:01.000Z' });
  });
});
