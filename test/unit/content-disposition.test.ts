import { describe, expect, it } from 'vitest';
import { disposition } from '#adapters/s3-agent-uploads';

describe('the download name of a file', () => {
  it('keeps the sender’s characters in the UTF-8 name and escapes what RFC 5987 does not allow there', () => {
    expect(disposition('attachment', "Fatura (Ekim) *son* 'kopya'.pdf")).toBe(
      `attachment; filename="Fatura (Ekim) *son* 'kopya'.pdf"; filename*=UTF-8''Fatura%20%28Ekim%29%20%2Ason%2A%20%27kopya%27.pdf`,
    );
    expect(disposition('inline', 'sipariş "özet".png')).toBe(`inline; filename="sipari_ __zet_.png"; filename*=UTF-8''sipari%C5%9F%20%22%C3%B6zet%22.png`);
  });
});
