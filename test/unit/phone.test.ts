import { describe, expect, it } from 'vitest';
import { toE164 } from '#core/phone';

describe('phone numbers as people write them', () => {
  it('reads the ways Turkish customers write a mobile number as one E.164 number', () => {
    for (const written of ['0532 123 45 67', '+90 532 123 45 67', '532 123 45 67', '5321234567', '0090 532 123 45 67', '(0532) 123-45-67', '+905321234567']) {
      expect([written, toE164(written)]).toEqual([written, '+905321234567']);
    }
  });

  it('keeps a foreign number with its country code, and refuses what is not a phone number', () => {
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(toE164('12345')).toBeUndefined();
    expect(toE164('siparişim')).toBeUndefined();
    expect(toE164('')).toBeUndefined();
  });
});
