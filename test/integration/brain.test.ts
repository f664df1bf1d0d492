import { describe, expect, it } from 'vitest';
import { signCustomerRef } from '#channels/chat/visitor-token';
import { ChatClient, visitorToken } from './chat-helpers';
import { eventually, http, postChat, stack, ticketOfVisitor, unique } from './helpers';

const say = (visitorId: string, text: string, extra: object = {}) => postChat(visitorId, unique('m'), text, { extra });

/** The ticket once its latest outbound message is delivered, with the timeline. */
async function settled(visitor: string, outbound: number) {
  return eventually(
    async () => {
      const t = await ticketOfVisitor(visitor);
      if (!t) return undefined;
      const r = await http('GET', `/tickets/${t.id}`);
      const out = r.json.timeline.filter((i: { direction: string }) => i.direction === 'out');
      return out.length >= outbound && out.every((i: { delivery: { status: string } }) => i.delivery?.status === 'sent') ? r.json : undefined;
    },
    8000,
    `${outbound} delivered replies for ${visitor}`,
  );
}
const lastReply = (t: { timeline: { direction: string; text: string }[] }) => t.timeline.filter((i) => i.direction === 'out').at(-1)!.text;

describe('the bot in the pipeline', () => {
  it('asks for the order number in chat, then answers from the order data without private details', async () => {
    const v = unique('kargo');
    await say(v, 'Merhaba, kargom nerede?');
    const asked = await settled(v, 1);
    expect(lastReply(asked)).toBe('Hemen bakayım. Sipariş numaranızı yazar mısınız?');
    expect(asked).toMatchObject({ status: 'pending', handling: 'bot', awaiting: { intent: 'track_order', slot: 'orderNumber' } });
    expect(asked.classification).toMatchObject({ lang: 'tr', intent: 'track_order', engine: 'builtin' });

    await say(v, '100003');
    const answered = await settled(v, 2);
    const reply = lastReply(answered);
    expect(reply).toContain('100003');
    expect(reply).toContain('kargoya verildi');
    // Not the order's customer as far as we know: no carrier, no tracking number.
    expect(reply).not.toContain('402318765914');
    expect(answered).toMatchObject({ status: 'resolved', handling: 'bot', botAnswered: true, awaiting: null });
  });

  it("gives the order's own customer, vouched for by the shop, the carrier and tracking number", async () => {
    const ref = await signCustomerRef(stack().info.chatShopSecret, 'zeynep.demir@example.com');
    const token = await visitorToken({ customerRef: ref });
    const chat = await ChatClient.open(token.token);
    chat.say('siparis 100003 nerde kaldi acaba');
    const answer = await chat.next((f) => f.type === 'message');
    await chat.close();
    expect(answer.text).toContain('402318765914');
    expect(answer.text).toContain('Yurtiçi Kargo');
  });

  it("does not show an order's details to a visitor who only typed the customer's e-mail address", async () => {
    const v = unique('kargo');
    await say(v, 'siparis 100003 nerde kaldi acaba', { email: 'zeynep.demir@example.com' });
    const t = await settled(v, 1);
    expect(lastReply(t)).toContain('100003');
    expect(lastReply(t)).not.toContain('402318765914');
  });

  it('answers English through the Lex V2 adapter (the local RecognizeText stand-in)', async () => {
    const v = unique('en');
    await say(v, 'Hi, where is my order 100004? It has been a week.');
    const t = await settled(v, 1);
    expect(t.classification).toMatchObject({ lang: 'en', intent: 'track_order', engine: 'lex' });
    expect(lastReply(t)).toMatch(/Your order 100004 is shipped/);
  });

  it('never invents an unknown order: says so and hands the ticket to a person', async () => {
    const v = unique('kargo');
    await say(v, 'kargom nerede, siparis no 999999');
    const t = await settled(v, 1);
    expect(lastReply(t)).toContain('999999 numaralı bir sipariş bulamadım');
    expect(t).toMatchObject({ status: 'open', handling: 'human', handoverReason: 'order 999999 not found' });
  });

  it('sends complaints to a person with a suggested answer and raised priority', async () => {
    const v = unique('angry');
    await say(v, 'Bu ne rezalet, iki haftadır kimse cevap vermiyor, müşteri hizmetleriniz berbat!');
    const t = await settled(v, 1);
    expect(t).toMatchObject({ status: 'open', handling: 'human', priority: 'high' });
    expect(t.classification.intent).toBe('complaint');
    expect(t.suggestedAnswer).toBeTruthy();
    expect(t.timeline.at(-1).kind).toBe('acknowledgement');
  });

  it('makes a legal threat urgent with a short first-response target', async () => {
    const v = unique('legal');
    await say(v, 'Param hala iade edilmedi, tüketici hakem heyetine ve avukatıma başvuracağım.');
    const t = await settled(v, 1);
    expect(t.priority).toBe('urgent');
    expect(t.priorityReasons[0]).toMatch(/legal threat/);
    expect(Date.parse(t.firstResponseDueAt) - Date.parse(t.createdAt)).toBeLessThanOrEqual(2 * 3_600_000 + 1000);
  });

  it('reopens for a person when the customer says the answer did not help', async () => {
    const v = unique('iade');
    await say(v, 'iade nasil yapiyorum, urunu geri gondermek istiyorum');
    const answered = await settled(v, 1);
    expect(answered).toMatchObject({ handling: 'bot', status: 'resolved' });
    await say(v, 'bu hic ise yaramadi');
    const reopened = await eventually(
      async () => {
        const t = await http('GET', `/tickets/${answered.id}`);
        return t.json.interactionCount === 2 ? t.json : undefined;
      },
      5000,
      'the second message',
    );
    expect(reopened).toMatchObject({ status: 'open', handling: 'human', reaction: 'not_helpful' });
  });
});
