import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUESTION, NPS_PAGE_CSP, npsPage, npsQuestion, npsRequest, npsToken, verifyNpsToken } from '#agent/nps';
import { monthsBetween } from '#adapters/nps-store';
import { loadConfig } from '#config/config';
import { runtimeSettings } from '#config/settings';
import { npsAskableBefore, npsClass, npsFigures } from '#core/nps';
import type { Ticket } from '#core/model';

const KEY = 'k'.repeat(43);
const ticket: Ticket = {
  id: '10001',
  number: 10001,
  status: 'resolved',
  priority: 'normal',
  channel: 'email',
  customerId: 'c_1',
  conversationKey: 'conv-1',
  locale: 'tr',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  lastInboundAt: '2026-11-01T10:00:00.000Z',
  firstResponseDueAt: '2026-11-02T10:00:00.000Z',
  interactionCount: 1,
  version: 1,
  customerAddress: 'ayse@example.com',
};

describe('NPS score classes', () => {
  it('9 and 10 promote, 7 and 8 are passive, 0 to 6 detract', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(npsClass)).toEqual([...Array(7).fill('detractor'), 'passive', 'passive', 'promoter', 'promoter']);
  });

  it('refuses what is not an integer from 0 to 10', () => {
    for (const bad of [-1, 11, 7.5, Number.NaN]) expect(() => npsClass(bad)).toThrow(RangeError);
  });
});

describe('NPS arithmetic', () => {
  it('is % promoters minus % detractors over the answers; the rate counts answers among the surveys sent', () => {
    const surveys = [{ score: 10 }, { score: 9 }, { score: 9 }, { score: 8 }, { score: 7 }, { score: 3 }, { score: 0 }, {}, {}, {}];
    expect(npsFigures(surveys)).toEqual({ nps: 14, promoters: 3, passives: 2, detractors: 2, responses: 7, surveysSent: 10, responseRate: 0.7 });
  });

  it('spans −100 to 100, and says null rather than 0 when nobody answered or nothing was sent', () => {
    expect(npsFigures([{ score: 10 }, { score: 9 }]).nps).toBe(100);
    expect(npsFigures([{ score: 0 }, { score: 6 }]).nps).toBe(-100);
    expect(npsFigures([{ score: 7 }, { score: 8 }]).nps).toBe(0);
    expect(npsFigures([{}, {}])).toMatchObject({ nps: null, responses: 0, surveysSent: 2, responseRate: 0 });
    expect(npsFigures([])).toMatchObject({ nps: null, surveysSent: 0, responseRate: null });
  });

  it('rounds once from the counts (1 promoter, 2 passives: 33, not 33.33)', () => {
    expect(npsFigures([{ score: 9 }, { score: 7 }, { score: 8 }]).nps).toBe(33);
    expect(npsFigures([{ score: 9 }, { score: 9 }, { score: 2 }]).nps).toBe(33);
  });

  it('a customer asked 90 days ago to the millisecond may be asked again', () => {
    expect(npsAskableBefore('2026-12-07T12:00:00.000Z', 90)).toBe('2026-09-08T12:00:00.000Z');
  });
});

describe('NPS links', () => {
  const sentAt = '2026-12-07T12:00:00.000Z';
  const expiresAt = '2027-01-06T12:00:00.000Z';

  it('name the survey and answer until they expire', () => {
    const token = npsToken(KEY, '10001', sentAt, expiresAt);
    expect(verifyNpsToken(KEY, token, new Date('2027-01-06T11:59:59.999Z'))).toEqual({ status: 'valid', ticketId: '10001', sentAt });
    expect(verifyNpsToken(KEY, token, new Date(expiresAt))).toEqual({ status: 'expired' });
  });

  it('a changed ticket, time or expiry, another key or a CSAT-shaped token is forged', () => {
    const token = npsToken(KEY, '10001', sentAt, expiresAt);
    const [id, sent, exp, mac] = token.split('.') as [string, string, string, string];
    const later = (Date.parse(expiresAt) + 86_400_000).toString(36);
    for (const forged of [
      `10002.${sent}.${exp}.${mac}`,
      `${id}.${sent}.${later}.${mac}`,
      npsToken('x'.repeat(43), '10001', sentAt, expiresAt),
      `${id}.${sent}.${mac}`,
      'nonsense',
    ]) {
      expect(verifyNpsToken(KEY, forged, new Date(sentAt)), forged).toEqual({ status: 'forged' });
    }
  });
});

describe('the NPS survey message', () => {
  const opts = {
    key: KEY,
    publicUrl: 'https://api.example/',
    sentAt: '2026-12-07T12:00:00.000Z',
    expiresAt: '2027-01-06T12:00:00.000Z',
    to: 'ayse@example.com',
  };

  it("asks in the ticket's language with eleven signed links, 0 to 10, on the ticket's channel", () => {
    const { message, interaction } = npsRequest(ticket, { ...opts, settings: { question: {}, shopName: 'Demo Mağaza' } });
    expect(message).toMatchObject({ kind: 'nps_request', channel: 'email', to: 'ayse@example.com', locale: 'tr', ticketId: '10001' });
    expect(message.text).toBe(DEFAULT_QUESTION.tr.replace('{shop}', 'Demo Mağaza'));
    expect(message.actions!.map((a) => a.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const token = npsToken(KEY, '10001', opts.sentAt, opts.expiresAt);
    expect(message.actions![10]).toEqual({ type: 'csat', label: '10', value: `https://api.example/nps/${token}?score=10` });
    expect(interaction).toMatchObject({ key: message.interactionKey, direction: 'out', kind: 'nps_request', delivery: { status: 'pending' } });
  });

  it('is the same message when built again for the same resolution (the sender delivers it once)', () => {
    const settings = { question: {}, shopName: 'S' };
    expect(npsRequest(ticket, { ...opts, settings }).message).toEqual(npsRequest(ticket, { ...opts, settings }).message);
    expect(npsRequest(ticket, { ...opts, sentAt: '2026-12-08T12:00:00.000Z', settings }).message.outboundId).not.toBe(
      npsRequest(ticket, { ...opts, settings }).message.outboundId,
    );
  });

  it('takes the configured wording per locale, the built-in one elsewhere, English for other languages', () => {
    const settings = { question: { tr: '{shop} için 0-10 puanınız?' }, shopName: 'Demo' };
    expect(npsQuestion(settings, 'tr')).toBe('Demo için 0-10 puanınız?');
    expect(npsQuestion(settings, 'en')).toBe(DEFAULT_QUESTION.en.replace('{shop}', 'Demo'));
    expect(npsQuestion(settings, 'de')).toBe(DEFAULT_QUESTION.en.replace('{shop}', 'Demo'));
  });
});

describe('the NPS page', () => {
  it("asks with the link's score chosen, needs no script and has no inline style attribute", () => {
    const page = npsPage('en', { state: 'ask', token: 'tok.en', question: 'How likely <really>?', score: 8 });
    expect(page).toContain('<form method="post" action="tok.en">');
    expect(page).toContain('<input type="radio" name="score" value="8" required checked>');
    expect(page.match(/type="radio"/g)).toHaveLength(11);
    expect(page).toContain('How likely &#60;really&#62;?');
    expect(page).not.toMatch(/<script|style="/);
  });

  it('its stylesheet is the one the CSP allows by hash', () => {
    const style = /<style>(.*)<\/style>/s.exec(npsPage('tr', { state: 'thanks', score: 9 }))![1]!;
    expect(NPS_PAGE_CSP).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(NPS_PAGE_CSP).toContain("default-src 'none'");
  });

  it('says thanks, that the first score stands, that the link expired or is not valid, in Turkish and English', () => {
    expect(npsPage('tr', { state: 'thanks', score: 9 })).toContain('Teşekkürler! Puanınız: 9/10');
    expect(npsPage('en', { state: 'kept', score: 3 })).toContain('your first score (3/10) stands');
    expect(npsPage('tr', { state: 'expired' })).toContain('süresi doldu');
    expect(npsPage('en', { state: 'invalid' })).toContain('not valid');
  });
});

describe('NPS configuration', () => {
  it('defaults: on, once per 90 days, links good for 30 days, the built-in wording; the functions get it with the shop name', () => {
    const config = loadConfig();
    expect(config.nps).toEqual({ enabled: true, intervalDays: 90, linkDays: 30, question: {} });
    expect(JSON.parse(runtimeSettings(config, ['tickets']).NPS_SETTINGS!)).toEqual({ ...config.nps, shopName: config.shop.name });
  });
});

describe('the months a metrics range reads', () => {
  it('are every month from the first day to the last, across a year end', () => {
    expect(monthsBetween('2026-11-15T00:00:00.000Z', '2027-02-01T23:59:59.999Z')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-12-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z')).toEqual(['2026-12']);
  });
});
