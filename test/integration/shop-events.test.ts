import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SqsClient } from '#adapters/aws/sqs';
import { sendFifo } from '#adapters/fifo-queue';
import { eventDetails, type EventType } from '#core/events';
import { inboundMessageSchema } from '#core/messages';
import type { BusEvent } from '#local/eventbridge';
import { LOCAL_CREDENTIALS } from '#local/storage';
import { chatTicket, inbound, ticketOf } from './agent-helpers';
import { eventually, http, stack, unique } from './helpers';

/** Everything on the local bus so far. */
async function busEvents(): Promise<BusEvent[]> {
  return ((await (await fetch(`${stack().info.events}/_local/events?after=0`)).json()) as { events: BusEvent[] }).events;
}

const ofTicket = (ticketId: string) => async () => (await busEvents()).filter((e) => e.detail.ticketId === ticketId);
const types = (events: BusEvent[]) => events.map((e) => e['detail-type']);

/** Waits until the ticket's events include every type named (as many times as named). */
function eventsOf(ticketId: string, wanted: EventType[], timeoutMs = 10_000): Promise<BusEvent[]> {
  return eventually(
    async () => {
      const events = await ofTicket(ticketId)();
      const have = types(events);
      return wanted.every((t) => have.filter((h) => h === t).length >= wanted.filter((w) => w === t).length) ? events : undefined;
    },
    timeoutMs,
    `${wanted.join(', ')} of ticket ${ticketId}`,
  );
}

function expectValid(events: BusEvent[]): void {
  for (const e of events) {
    expect(e.source).toBe('destek');
    expect(() => eventDetails[e['detail-type'] as EventType].parse(e.detail), e['detail-type']).not.toThrow();
  }
}

describe("events for the shop's systems, on the local bus", () => {
  it('a chat message that opens a ticket publishes Ticket Created and Message Received, with ids and no personal data', async () => {
    const visitor = unique('v');
    const t = await chatTicket(visitor, { name: 'Ayşe Yılmaz' });
    const events = await eventsOf(t.id, ['Ticket Created', 'Message Received']);
    expectValid(events);
    const created = events.find((e) => e['detail-type'] === 'Ticket Created')!;
    expect(created.detail).toMatchObject({ ticketId: t.id, channel: 'chat', status: 'open', version: '1' });
    expect(JSON.stringify(events)).not.toMatch(/Ayşe|rezalet/);
  });

  it('an agent reply publishes Message Sent once delivered; resolving publishes Ticket Updated and Ticket Resolved', async () => {
    const t = await chatTicket(unique('v'));
    const reply = await http('POST', `/tickets/${t.id}/replies`, { body: { text: 'Kargonuz yarın teslim edilecek.', clientKey: 'k1' } });
    expect(reply.status).toBe(201);
    const sent = await eventually(
      async () => (await ofTicket(t.id)()).find((e) => e['detail-type'] === 'Message Sent' && e.detail.kind === 'agent_reply'),
      10_000,
      'Message Sent of the agent reply',
    );
    expect(sent.detail).toMatchObject({ interactionId: reply.json.id, author: 'local-agent', channel: 'chat' });
    expect((await http('PATCH', `/tickets/${t.id}`, { body: { status: 'resolved' } })).status).toBe(200);
    const events = await eventsOf(t.id, ['Ticket Resolved']);
    expectValid(events);
    const updated = events.filter((e) => e['detail-type'] === 'Ticket Updated');
    expect(updated.map((e) => e.detail.changes)).toContainEqual({ status: { from: 'open', to: 'resolved' } });
    expect(events.find((e) => e['detail-type'] === 'Ticket Resolved')!.detail).toMatchObject({ resolvedBy: 'local-agent' });
  });

  it('inbound messages replayed many times at once publish one event per change', async () => {
    const conversation = unique('wa');
    const messages = ['Merhaba, siparişim nerede?', 'Hala cevap yok', 'Müşteri hizmetleriniz rezalet, şikayetçiyim'].map((text, i) =>
      inboundMessageSchema.parse({
        channel: 'chat',
        channelMessageId: `${conversation}/m${i}`,
        from: { address: conversation },
        conversationKey: conversation,
        text,
        attachments: [],
        receivedAt: new Date(Date.now() + i).toISOString(),
      }),
    );
    for (const m of messages) await inbound(m);
    const t = await ticketOf('chat', conversation);
    await eventually(async () => ((await http('GET', `/tickets/${t.id}`)).json.interactionCount === 3 ? true : undefined), 10_000, 'all three messages');
    const settle = async () => {
      // Until nothing new arrives for two seconds: the stream, the publisher and the sender are done.
      let last = -1;
      for (;;) {
        const n = (await ofTicket(t.id)()).length;
        if (n === last) return;
        last = n;
        await new Promise((r) => setTimeout(r, 2000));
      }
    };
    await settle();
    const before = await ofTicket(t.id)();
    expect(types(before).filter((x) => x === 'Message Received')).toHaveLength(3);
    expect(types(before).filter((x) => x === 'Ticket Created')).toHaveLength(1);

    // The same messages again, four copies each at once, past the queue's deduplication (as a
    // provider's retry after its five minutes, or a redelivered batch, brings them).
    const sqs = new SqsClient({ region: stack().info.region, endpoint: stack().info.sqs, credentials: LOCAL_CREDENTIALS });
    await Promise.all(
      messages.flatMap((m) =>
        Array.from({ length: 4 }, () => sendFifo(sqs, stack().info.queues.inbound.url, m, `${m.channel}#${m.conversationKey}`, randomUUID())),
      ),
    );
    // A fresh message after the copies proves the queue has moved past them (one group, in order).
    await inbound({ ...messages[0]!, channelMessageId: `${conversation}/last`, text: 'son mesaj' });
    await eventually(async () => ((await http('GET', `/tickets/${t.id}`)).json.interactionCount === 4 ? true : undefined), 15_000, 'the fresh message');
    await settle();
    const after = await ofTicket(t.id)();
    const received = after.filter((e) => e['detail-type'] === 'Message Received');
    expect(received).toHaveLength(4);
    expect(new Set(after.map((e) => e.detail.eventId)).size).toBe(after.length);
    // Everything published before the replays is there once; what came after belongs to the fresh message.
    expect(after.slice(0, before.length).map((e) => e.detail.eventId)).toEqual(before.map((e) => e.detail.eventId));
    expect(types(after.slice(before.length))).not.toContain('Ticket Created');
  });
});
