import type { Order, OrderStatus } from './types';

export type TemplateVars = Readonly<Record<string, string | number | undefined>>;

/**
 * Fills {{placeholders}}. A sentence whose placeholder has no value is left out rather than shown
 * half-empty: an order without a tracking number simply has no tracking sentence. A sentence marked
 * {{!name}} is the other way round: kept (without the mark) only while `name` has no value, so an
 * answer asks for the order number only when the conversation does not know it yet.
 */
export function renderAnswer(template: string, vars: TemplateVars): string {
  // Placeholders hold dots ("order.number"): set them aside before cutting the text into sentences.
  const names: string[] = [];
  const masked = template.replace(/\{\{\s*(!?[\w.]+)\s*\}\}/g, (_, k: string) => `\u0000${names.push(k) - 1}\u0000`);
  const sentences = masked.match(/[^.!?]+(?:[.!?]+|$)\s*/g) ?? [masked];
  const known = (name: string) => vars[name] !== undefined && vars[name] !== '';
  const holds = (i: string) => {
    const name = names[Number(i)]!;
    return name.startsWith('!') ? !known(name.slice(1)) : known(name);
  };
  const fill = (i: string) => {
    const name = names[Number(i)]!;
    return name.startsWith('!') ? '' : String(vars[name]);
  };
  return sentences
    .filter((s) => [...s.matchAll(/\u0000(\d+)\u0000/g)].every((m) => holds(m[1]!)))
    .map((s) => s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => fill(i)))
    .join('')
    .trim();
}

const STATUS: Record<string, Record<OrderStatus, string>> = {
  tr: {
    received: 'alındı, hazırlanmayı bekliyor',
    preparing: 'hazırlanıyor',
    shipped: 'kargoya verildi',
    out_for_delivery: 'dağıtımda, bugün teslim edilmesi bekleniyor',
    delivered: 'teslim edildi',
    cancelled: 'iptal edildi',
    returned: 'iade edildi',
  },
  en: {
    received: 'received and waiting to be prepared',
    preparing: 'being prepared',
    shipped: 'shipped',
    out_for_delivery: 'out for delivery today',
    delivered: 'delivered',
    cancelled: 'cancelled',
    returned: 'returned',
  },
};

function formatDate(iso: string, locale: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleDateString(locale === 'tr' ? 'tr-TR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * What of an order a reply may show. Carrier and tracking go only to the customer the order belongs
 * to (same e-mail or phone); anyone else who knows the number learns its status and expected date.
 */
export function orderVars(order: Order, locale: string, verified: boolean): TemplateVars {
  return {
    'order.number': order.orderNumber,
    'order.status': (STATUS[locale] ?? STATUS.en!)[order.status],
    'order.estimatedDelivery':
      order.estimatedDelivery && !['delivered', 'cancelled', 'returned'].includes(order.status) ? formatDate(order.estimatedDelivery, locale) : undefined,
    ...(verified ? { 'order.carrier': order.carrier, 'order.trackingNumber': order.trackingNumber, 'order.trackingUrl': order.trackingUrl } : {}),
  };
}

const NOT_FOUND: Record<string, (n: string) => string> = {
  tr: (n) => `${n} numaralı bir sipariş bulamadım. Numarayı kontrol edip tekrar yazar mısınız? Ekibimiz de talebinizi inceleyecek.`,
  en: (n) => `I could not find an order numbered ${n}. Could you check the number and write it again? Our team will look into your request too.`,
};

export const orderNotFoundText = (locale: string, orderNumber: string) => (NOT_FOUND[locale] ?? NOT_FOUND.en!)(orderNumber);
