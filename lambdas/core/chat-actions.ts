import type { OutboundAction } from './messages';

const words = {
  tr: { track: 'Siparişimi takip et', trackText: 'Siparişim nerede?', human: 'Temsilciye bağlan', humanText: 'Bir temsilciyle görüşmek istiyorum' },
  en: { track: 'Track my order', trackText: 'Where is my order?', human: 'Talk to a person', humanText: 'I would like to talk to a person' },
};

/**
 * Buttons under the bot's chat answers (contracts §1): every answer offers a person; a greeting also
 * offers what most visitors came for, tracking an order. The value comes back as the visitor's message.
 */
export function chatAnswerActions(intent: string, locale: string): OutboundAction[] {
  const w = locale.startsWith('tr') ? words.tr : words.en;
  return [
    ...(intent === 'greeting' ? [{ type: 'quick_reply' as const, label: w.track, value: w.trackText }] : []),
    { type: 'handover', label: w.human, value: w.humanText },
  ];
}
