import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoNpsStore } from '#adapters/nps-store';
import { csatToken } from '#agent/csat';
import { npsToken } from '#agent/nps';
import { chatTicket, db, startSurveyDirectly } from './agent-helpers';
import { eventually, http, stack, stackKey, unique } from './helpers';

/** NPS in the console: the dashboard's panel and the customer card's latest answer, in headless Chromium. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-sync'];
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DAY = '2023-05-10';
/** Five surveys sent that day: 10, 9, 8 and 3 answered, one not: NPS (2 − 1) ÷ 4 = +25, 80 % answered. */
const SCORES = [10, 9, 8, 3, undefined];

let browser: Browser;

beforeAll(async () => {
  const store = dynamoNpsStore(db(), stack().info.tableName);
  for (const [i, score] of SCORES.entries()) {
    const ticketId = String(8_400_000 + i);
    const sentAt = `${DAY}T1${i}:00:00.000Z`;
    const { survey, started } = startSurveyDirectly({
      ticketId,
      customerId: `c_npsdash${i}-${unique('x')}`,
      sentAt,
      askableBefore: '2000-01-01T00:00:00.000Z',
    });
    await started;
    if (score !== undefined) await store.answer(survey, { ticketId, score, sentAt, answeredAt: `${DAY}T20:00:00.000Z` });
  }
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

async function open(url: string, opts: { width?: number; locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: 900 }, locale: opts.locale ?? 'en-US' });
  const lang = opts.locale?.startsWith('tr') ? 'tr' : 'en';
  await context.addInitScript((l) => (globalThis as any).localStorage.setItem('destek.locale', l), lang);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await (
      globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }
    ).axe.run();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const figure = (page: Page, label: string) =>
  page
    .locator('#nps-title')
    .locator('xpath=..')
    .locator('.figure')
    .filter({ has: page.locator(`dt:text-is("${label}")`) })
    .locator('.value');

describe('NPS in the console', () => {
  it('the dashboard shows the NPS of the range, the response rate and the three classes, accessibly at 1280 and 390 px', async () => {
    const page = await open(`${stack().info.consoleAdminUrl}#/dashboard`);
    await page.getByLabel('From', { exact: true }).fill(DAY);
    await page.getByLabel('To', { exact: true }).fill(DAY);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => figure(page, 'NPS (−100…100)').textContent(), { timeout: 10_000 }).toBe('+25');
    expect(await figure(page, 'Response rate').textContent()).toBe('80%');
    const nps = page.getByRole('region', { name: 'NPS', exact: true });
    expect(await nps.getByRole('row', { name: /Promoters/ }).textContent()).toContain('2');
    expect(await nps.getByRole('row', { name: /Passives/ }).textContent()).toContain('1');
    expect(await nps.getByRole('row', { name: /Detractors/ }).textContent()).toContain('1');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  it("the customer card shows the customer's latest answer with its class and comment, in English and Turkish", async () => {
    const t = await chatTicket(unique('v'));
    const resolved = (await http('PATCH', `/tickets/${t.id}`, { body: { status: 'resolved' } })).json.resolvedAt as string;
    // In chat the survey follows the CSAT answer.
    const form = (body: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body),
    });
    await eventually(
      async () => ((await http('GET', `/tickets/${t.id}`)).json.timeline as any[]).find((i) => i.kind === 'csat_request'),
      10_000,
      'the CSAT request',
    );
    await fetch(`${stack().info.api}/csat/${csatToken(stackKey('csat-link'), t.id, resolved)}`, form({ score: '5' }));
    const survey = await eventually(
      async () => ((await http('GET', `/tickets/${t.id}`)).json.timeline as any[]).find((i) => i.kind === 'nps_request'),
      10_000,
      'the survey',
    );
    const token = npsToken(stackKey('nps-link'), t.id, survey.at, new Date(Date.parse(survey.at) + 30 * 86_400_000).toISOString());
    await fetch(`${stack().info.api}/nps/${token}`, form({ score: '9', comment: 'Çok memnun kaldım' }));
    for (const [locale, promoter] of [
      ['en-US', 'Promoter'],
      ['tr-TR', 'Destekçi'],
    ] as const) {
      const page = await open(`${stack().info.web}/console/?as=agent#/tickets/${t.id}`, { locale });
      const latest = page.locator('.customer-card .nps-latest');
      await expect.poll(() => latest.count(), { timeout: 15_000 }).toBe(1);
      expect(await latest.innerText()).toContain('9/10');
      expect(await latest.locator('.badge').innerText()).toBe(promoter);
      expect(await latest.locator('q').innerText()).toBe('Çok memnun kaldım');
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    }
  });
});
