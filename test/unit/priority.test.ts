import { describe, expect, it } from 'vitest';
import { assessPriority, firstResponseHours, higherPriority } from '#brain/priority';

const p = (text: string, intent = 'track_order', extra: Partial<Parameters<typeof assessPriority>[0]> = {}) =>
  assessPriority({ text, intent, recentContacts: 0, vipCategories: ['vip'], ...extra });

describe('priority', () => {
  it('a legal threat is urgent, in Turkish with or without Turkish letters, and in English', () => {
    for (const t of [
      'I will sue',
      'ürün gelmezse dava',
      'avukatıma vereceğim bu işi',
      'tuketici hakem heyetine basvuracagim',
      'I will take legal action',
      'şikayetvar a yazıyorum',
    ]) {
      expect(p(t).priority, t).toBe('urgent');
    }
  });

  it('anger, urgency, a complaint and repeat contacts each add up', () => {
    expect(p('kargom nerede').priority).toBe('normal');
    expect(p('kargom nerede ACİL').priority).toBe('high');
    expect(p('rezalet, hemen cevap verin', 'complaint').priority).toBe('urgent');
    expect(p('WHERE IS MY ORDER I PAID TWO WEEKS AGO').reasons).toContain('shouting');
    expect(p('kargom nerede', 'track_order', { recentContacts: 4 }).priority).toBe('high');
    expect(p('kargom nerede', 'track_order', { recentContacts: 4, customerCategory: 'vip' }).priority).toBe('urgent');
  });

  it('small talk without a signal is low; words inside other words do not count', () => {
    expect(p('merhaba', 'greeting').priority).toBe('low');
    // "hemen" inside "hemendi" would be a stem match, but "acil" must start a word: "racil" is not urgent.
    expect(p('siparisim racil', 'track_order').priority).toBe('normal');
  });

  it('a ticket keeps its highest priority, and urgent tickets are due sooner', () => {
    expect(higherPriority('urgent', 'low')).toBe('urgent');
    expect(higherPriority('normal', 'high')).toBe('high');
    const sla = { firstResponseHours: 24, byPriority: { urgent: 2 } };
    expect(firstResponseHours('urgent', sla)).toBe(2);
    expect(firstResponseHours('normal', sla)).toBe(24);
  });
});
