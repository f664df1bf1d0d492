import { describe, expect, it } from 'vitest';
import { placementOf, welcomeText } from '#widget/settings';

describe("the widget's placement (data-position, data-offset-x, data-offset-y)", () => {
  it('is the right corner, 20 px in, unless the page says otherwise', () => {
    expect(placementOf({})).toEqual({ side: 'right', x: 20, y: 20 });
    expect(placementOf({ position: 'left', offsetX: '24', offsetY: '96px' })).toEqual({ side: 'left', x: 24, y: 96 });
  });

  it('reads a mistyped value as the default and keeps offsets on the screen (0..400 px)', () => {
    expect(placementOf({ position: 'top', offsetX: 'wide', offsetY: '-30' })).toEqual({ side: 'right', x: 20, y: 0 });
    expect(placementOf({ offsetX: '9000', offsetY: '12.6' })).toEqual({ side: 'right', x: 400, y: 13 });
  });
});

describe("the widget's greeting", () => {
  it("is the page's (data-welcome-<locale>) first, then the configuration's, then the widget's own", () => {
    const built = { welcome: { tr: 'Demo Mağaza’ya hoş geldiniz!' } };
    expect(welcomeText('tr', { welcomeTr: 'Kampanya sorularınız için buradayız.' }, built)).toBe('Kampanya sorularınız için buradayız.');
    expect(welcomeText('tr', {}, built)).toBe('Demo Mağaza’ya hoş geldiniz!');
    expect(welcomeText('en', {}, built)).toMatch(/^Hello! How can we help\?/);
    // An empty attribute says nothing: the next source speaks.
    expect(welcomeText('tr', { welcomeTr: '  ' }, built)).toBe('Demo Mağaza’ya hoş geldiniz!');
    expect(welcomeText('tr', { welcomeEn: 'Hi' }, {})).toMatch(/^Merhaba! Size nasıl yardımcı olabiliriz\?/);
  });
});
