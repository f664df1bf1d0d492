import { describe, expect, it } from 'vitest';
import { demoOrdersAsOf } from '#adapters/orders-seed';

const inTransit = new Set(['received', 'preparing', 'shipped', 'out_for_delivery']);

describe('demo orders dated relative to the day of seeding', () => {
  for (const now of [new Date('2026-12-07T04:15:00Z'), new Date('2031-02-28T23:59:59Z'), new Date()]) {
    it(`every order in transit promises a delivery from today on (seeded ${now.toISOString()})`, () => {
      const today = now.toISOString().slice(0, 10);
      const open = demoOrdersAsOf(now).filter((o) => inTransit.has(o.status));
      expect(open.length).toBeGreaterThan(0);
      for (const o of open) expect(o.estimatedDelivery! >= today, `${o.orderNumber} ${o.estimatedDelivery}`).toBe(true);
    });

    it(`no order was updated after the moment of seeding (${now.toISOString()})`, () => {
      for (const o of demoOrdersAsOf(now)) expect(Date.parse(o.updatedAt)).toBeLessThanOrEqual(now.getTime());
    });
  }

  it('keeps the spacing of the original demo dates', () => {
    const orders = demoOrdersAsOf(new Date('2026-03-08T12:00:00Z'));
    const byNumber = Object.fromEntries(orders.map((o) => [o.orderNumber, o]));
    expect(byNumber['100003']).toMatchObject({ status: 'shipped', estimatedDelivery: '2026-03-09', updatedAt: '2026-03-06T15:40:05Z' });
    expect(byNumber['100009']?.estimatedDelivery).toBeUndefined();
    expect(orders).toHaveLength(12);
  });
});
