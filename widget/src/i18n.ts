/** The widget's words, Turkish and English; the page's language picks, data-locale overrides. */
export const texts = {
  tr: {
    title: 'Canlı destek',
    open: 'Sohbeti aç',
    close: 'Sohbeti kapat',
    unread: (n: number) => `${n} okunmamış mesaj`,
    messages: 'Mesajlar',
    input: 'Mesajınız',
    placeholder: 'Bir mesaj yazın…',
    send: 'Gönder',
    typing: 'Yazıyor…',
    you: 'Siz',
    support: 'Destek',
    human: 'Temsilciye bağlan',
    humanText: 'Bir temsilciyle görüşmek istiyorum',
    prechat: 'Size nasıl ulaşalım? (isteğe bağlı)',
    name: 'Adınız',
    email: 'E-posta adresiniz',
    start: 'Sohbete başla',
    skip: 'Atla',
    thanks: 'Teşekkürler, değerlendirmeniz alındı.',
    offline: 'Bağlantı koptu, yeniden bağlanılıyor…',
    fallback: 'Canlı bağlantı yok; mesajlarınız yine de iletiliyor.',
    error: 'Mesaj gönderilemedi.',
    quick: 'Hızlı yanıtlar',
    suggestTitle: 'Bu yazılar yardımcı olabilir (yeni sekmede açılır)',
    suggested: (n: number) => `${n} yardım yazısı önerildi`,
    welcome: 'Merhaba! Size nasıl yardımcı olabiliriz? Sipariş numaranızı yazarsanız kargonuzun nerede olduğunu hemen söyleyebiliriz.',
  },
  en: {
    title: 'Live support',
    open: 'Open chat',
    close: 'Close chat',
    unread: (n: number) => `${n} unread message${n === 1 ? '' : 's'}`,
    messages: 'Messages',
    input: 'Your message',
    placeholder: 'Type a message…',
    send: 'Send',
    typing: 'Typing…',
    you: 'You',
    support: 'Support',
    human: 'Talk to a person',
    humanText: 'I would like to talk to a person',
    prechat: 'How can we reach you? (optional)',
    name: 'Your name',
    email: 'Your e-mail address',
    start: 'Start chat',
    skip: 'Skip',
    thanks: 'Thank you, your rating was received.',
    offline: 'Connection lost, reconnecting…',
    fallback: 'No live connection; your messages are still delivered.',
    error: 'The message could not be sent.',
    quick: 'Quick replies',
    suggestTitle: 'These articles may help (open in a new tab)',
    suggested: (n: number) => `${n} help article${n === 1 ? '' : 's'} suggested`,
    welcome: 'Hello! How can we help? Give us your order number and we can tell you at once where your parcel is.',
  },
};
export type Texts = (typeof texts)['en'];
export type Locale = keyof typeof texts;

export const isLocale = (l: unknown): l is Locale => l === 'tr' || l === 'en';

export function pickLocale(override: string | null | undefined, pageLang: string | null | undefined): Locale {
  // Read off globalThis: this module is also loaded by Node's tests (no navigator there before Node 21).
  const browser = (globalThis as { navigator?: { language?: string } }).navigator?.language;
  const lang = (override || pageLang || browser || '').toLowerCase();
  return lang.startsWith('tr') ? 'tr' : 'en';
}
