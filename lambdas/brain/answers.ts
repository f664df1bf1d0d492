import type { Order, OrderStatus } from '../core/model';

export type TemplateVars = Readonly<Record<string, string | number | undefined>>;

/**
 * Fills {{placeholders}}. A sentence whose placeholder has no value is left out rather than shown
 * half-empty: an order without a tracking number simply has no tracking sentence.
 */
export function renderAnswer(template: string, vars: TemplateVars): string {
  const sentences = template.match(/[^.!?]+[.!?]*(\s+|$)/g) ?? [template];
  return sentences
    .filter((s) => [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].every((m) => vars[m[1]!] !== undefined && vars[m[1]!] !== ''))
    .map((s) => s.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, k: string) => String(vars[k])))
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
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(locale === 'tr' ? 'tr-TR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * What of an order a reply may show. Carrier and tracking go only to the customer the order belongs
 * to (same e-mail or phone); anyone else who knows the number learns its status and expected date.
 */
export function orderVars(order: Order, locale: string, verified: boolean): TemplateVars {
  return {
    'order.number': order.orderNumber,
    'order.status': (STATUS[locale] ?? STATUS.en!)[order.status],
    'order.estimatedDelivery': order.estimatedDelivery && !['delivered', 'cancelled', 'returned'].includes(order.status) ? formatDate(order.estimatedDelivery, locale) : undefined,
    ...(verified
      ? { 'order.carrier': order.carrier, 'order.trackingNumber': order.trackingNumber, 'order.trackingUrl': order.trackingUrl }
      : {}),
  };
}

const NOT_FOUND: Record<string, (n: string) => string> = {
  tr: (n) => `${n} numaralı bir sipariş bulamadım. Numarayı kontrol edip tekrar yazar mısınız? Ekibimiz de talebinizi inceleyecek.`,
  en: (n) => `I could not find an order numbered ${n}. Could you check the number and write it again? Our team will look into your request too.`,
};

export const orderNotFoundText = (locale: string, orderNumber: string) => (NOT_FOUND[locale] ?? NOT_FOUND.en!)(orderNumber);
