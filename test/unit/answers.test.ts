import { describe, expect, it } from 'vitest';
import { orderVars, renderAnswer } from '#brain/answers';
import type { Order } from '#core/model';

const order: Order = {
  orderNumber: '100003',
  status: 'shipped',
  customerEmail: 'z@example.com',
  carrier: 'Yurtiçi Kargo',
  trackingNumber: '402318765914',
  trackingUrl: 'https://kargo.example/402318765914',
  estimatedDelivery: '2026-03-02',
  updatedAt: '2026-02-27T10:00:00Z',
};
const template =
  '{{order.number}} numaralı siparişiniz: {{order.status}}. Kargo firması: {{order.carrier}}, takip numarası {{order.trackingNumber}} ({{order.trackingUrl}}). Tahmini teslim: {{order.estimatedDelivery}}.';

describe('rendering answers', () => {
  it('fills dotted placeholders and keeps every sentence when all values are there', () => {
    expect(renderAnswer(template, orderVars(order, 'tr', true))).toBe(
      '100003 numaralı siparişiniz: kargoya verildi. Kargo firması: Yurtiçi Kargo, takip numarası 402318765914 (https://kargo.example/402318765914). Tahmini teslim: 2 Mart 2026.',
    );
  });

  it('leaves out the sentences whose values a stranger may not see', () => {
    expect(renderAnswer(template, orderVars(order, 'tr', false))).toBe('100003 numaralı siparişiniz: kargoya verildi. Tahmini teslim: 2 Mart 2026.');
  });

  it('drops the expected date once an order is delivered, and speaks English when asked', () => {
    const en = 'Your order {{order.number}} is {{order.status}}. Estimated delivery: {{order.estimatedDelivery}}.';
    expect(renderAnswer(en, orderVars({ ...order, status: 'delivered' }, 'en', false))).toBe('Your order 100003 is delivered.');
  });

  it('fills shop placeholders and never prints a raw placeholder', () => {
    const out = renderAnswer('İade süresi {{shop.returnDays}} gündür! Ayrıntılar: {{shop.helpUrl}}. {{unknown.thing}} burada.', {
      'shop.returnDays': 14,
      'shop.helpUrl': 'https://x.example',
    });
    expect(out).toBe('İade süresi 14 gündür! Ayrıntılar: https://x.example.');
    expect(out).not.toContain('{{');
  });
});
