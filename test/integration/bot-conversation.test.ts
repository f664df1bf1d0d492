import { describe, expect, it } from 'vitest';
import { ChatClient, visitorToken } from './chat-helpers';
import { eventually, http, ticketOfVisitor } from './helpers';

/** A visitor's chat: what the bot says back to each line. */
async function conversation() {
  const token = await visitorToken();
  const live = await ChatClient.open(token.token);
  const say = async (text: string) => {
    const from = live.frames.length;
    live.say(text);
    return live.next((f) => f.type === 'message', 8000, from);
  };
  return { token, live, say };
}

describe('the bot when unsure, and with two requests (chat, through the local stack)', () => {
  it('asks which of two close intents the visitor means, with both as buttons, and answers the one chosen', async () => {
    const { live, say } = await conversation();
    const question = await say('fatura');
    expect(question.text).toBe('Doğru anladığımdan emin olmak istiyorum: hangisini istiyorsunuz, “Faturamı gönderin” ya da “Faturamı kontrol et”?');
    expect(question.actions.map((a: { type: string; label: string }) => [a.type, a.label])).toEqual([
      ['quick_reply', 'Faturamı gönderin'],
      ['quick_reply', 'Faturamı kontrol et'],
      ['handover', 'Temsilciye bağlan'],
    ]);
    // The button's value comes back as the visitor's message.
    const answer = await say(question.actions[0].value);
    expect(answer.kind).toBe('bot_answer');
    expect(answer.text).toMatch(/fatura/i);
    expect(answer.text).not.toMatch(/hangisini istiyorsunuz/);
    await live.close();
  });

  it('answers the part it may of a message with two requests and says people take the other, by when; each part is on the ticket', async () => {
    const { token, live, say } = await conversation();
    const reply = await say('siparişimi iptal etmek ve faturamı almak istiyorum');
    expect(reply.kind).toBe('bot_answer');
    expect(reply.text).toMatch(/“Siparişimi iptal et” talebiniz için sizi ekibimize aktardım: bir temsilcimiz en geç (bugün|yarın) \d\d:\d\d \(TSİ\)/);
    await live.close();
    const t = await eventually(() => ticketOfVisitor(token.visitorId), 8000, 'the ticket');
    expect(t).toMatchObject({ handling: 'human', status: 'open' });
    expect(t.classification.requests.map((r: { intent: string }) => r.intent)).toEqual(['cancel_order', 'get_invoice']);
    const detail = (await http('GET', `/tickets/${t.id}`)).json;
    const inbound = detail.timeline.find((i: { direction: string }) => i.direction === 'in');
    expect(inbound.classification.requests).toHaveLength(2);
  });
});
