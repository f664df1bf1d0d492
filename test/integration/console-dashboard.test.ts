import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BatchWriteCommand } from '#adapters/aws/dynamodb';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoHelpStats } from '#adapters/help-stats';
import { ticketItem } from '#adapters/table-keys';
import type { Ticket } from '#core/model';
import { db } from './agent-helpers';
import { http, stack, unique } from './helpers';

/** The console's dashboard and admin pages in headless Chromium, signed in as the local admin. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-sync'];
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const MIN = 60_000;
const AGENT = 'dash-agent';
const DAYS = ['2023-02-14', '2023-02-15', '2023-02-16'];

let browser: Browser;

/** Twelve tickets over three days of February 2023, answered by one agent, six resolved and rated. */
function scenario(): Ticket[] {
  return Array.from({ length: 12 }, (_, i) => {
    const created = Date.parse(`${DAYS[i % 3]}T09:00:00Z`) + i * MIN;
    const resolved = i % 2 === 0;
    const at = (m: number) => new Date(created + m * MIN).toISOString();
    return {
      id: String(8_300_000 + i),
      number: 8_300_000 + i,
      status: resolved ? 'resolved' : 'pending',
      priority: 'normal',
      channel: i % 4 ? 'email' : 'chat',
      customerId: `c_dash${i}`,
      conversationKey: `dash-${i}`,
      locale: 'en',
      createdAt: at(0),
      updatedAt: at(500),
      lastInboundAt: at(0),
      firstResponseDueAt: at(24 * 60),
      interactionCount: 2,
      version: 2,
      classification: { lang: 'en', intent: i % 3 ? 'track_order' : 'get_refund', confidence: 0.9, engine: 'builtin', entities: [], top: [] },
      firstResponseAt: at(10 + i),
      firstResponder: 'human',
      firstResponseBy: AGENT,
      agentReplies: 1,
      repliesByAgent: { [AGENT]: 1 },
      ...(resolved ? { resolvedAt: at(60), firstResolvedAt: at(60), resolvedBy: AGENT, csat: { score: 4 + (i % 4 ? 1 : 0), at: at(90) } } : {}),
    } satisfies Ticket;
  });
}

beforeAll(async () => {
  const tickets = scenario();
  await db().send(new BatchWriteCommand({ RequestItems: { [stack().info.tableName]: tickets.map((t) => ({ PutRequest: { Item: ticketItem(t) } })) } }));
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

async function openAsAdmin(hash: string, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' });
  await context.addInitScript(() => (globalThis as any).localStorage.setItem('destek.locale', 'en'));
  const page = await context.newPage();
  await page.goto(`${stack().info.consoleAdminUrl}${hash}`);
  return page;
}

/** axe-core's serious and critical violations of the page as it is now (evaluated outside the page's CSP). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const r = await (
      globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }
    ).axe.run();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found;
}

const figure = (page: Page, label: string) =>
  page
    .locator('.figure')
    .filter({ has: page.locator(`dt:text-is("${label}")`) })
    .locator('.value');

describe('the console dashboard', () => {
  it('shows the figures, the daily volume, ratings, intents and agents of a range with data, accessibly at 1280 and 390 px', async () => {
    const expected = (await http('GET', `/metrics?from=${DAYS[0]}&to=${DAYS[2]}`)).json;
    expect(expected.tickets).toBe(12);
    const page = await openAsAdmin('#/dashboard');
    await page.getByLabel('From', { exact: true }).fill(DAYS[0]!);
    await page.getByLabel('To', { exact: true }).fill(DAYS[2]!);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => figure(page, 'Tickets').textContent(), { timeout: 5000 }).toBe('12');
    expect(await figure(page, 'SLA breaches').textContent()).toBe('0');
    expect(await figure(page, 'CSAT average').textContent()).toBe(String(expected.csat.average));
    expect(await figure(page, 'First-contact resolution').textContent()).toBe('0%');
    expect(await page.getByRole('img', { name: /12 tickets over 3 days/ }).count()).toBe(1);
    expect(await page.locator('svg.volume rect').count()).toBe(6);
    expect(await page.getByRole('row', { name: new RegExp(AGENT) }).textContent()).toContain('12');
    expect(await page.getByRole('row', { name: /track_order/ }).textContent()).toContain('8');
    expect(await page.getByRole('row', { name: /★★★★★/ }).first().textContent()).toContain(String(expected.csatDistribution['5']));
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe("the console dashboard's help center", () => {
  it('shows the views, "Did this help?", searches without result, suggestions and deflections of the range, with the articles read most', async () => {
    const day = '2023-03-01';
    const stats = new DynamoHelpStats(db(), stack().info.tableName);
    await stats.add(day, [
      { kind: 'article', locale: 'tr', article: 'track-order', add: { views: 7, fromWidget: 3, wroteAfter: 1, helpful: 3, notHelpful: 1, suggested: 5 } },
      { kind: 'article', locale: 'en', article: 'refund-policy', add: { views: 2 } },
      { kind: 'miss', locale: 'tr', query: 'hediye paketi' },
    ]);
    const page = await openAsAdmin('#/dashboard');
    await page.getByLabel('From', { exact: true }).fill(day);
    await page.getByLabel('To', { exact: true }).fill(day);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => figure(page, 'Article views').textContent(), { timeout: 5000 }).toBe('9');
    expect(await figure(page, 'Found it helpful').textContent()).toBe('75%');
    expect(await figure(page, 'Searches without result').textContent()).toBe('1');
    expect(await figure(page, 'Suggested in the chat').textContent()).toBe('5');
    expect(await figure(page, 'Opened from a suggestion').textContent()).toBe('3');
    expect(await figure(page, 'Answered by an article').textContent()).toBe('2');
    expect(await page.getByRole('row', { name: /Kargom nerede\?/ }).textContent()).toContain('3 yes, 1 no');
    expect(await page.getByRole('row', { name: /Our returns policy/ }).textContent()).toContain('2');
    expect(await page.getByRole('row', { name: /hediye paketi/ }).textContent()).toContain('1');
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.context().close();
  });
});

describe('the console admin page', () => {
  it('creates and edits a canned response, shows the API’s refusal next to the field, accessibly at 1280 and 390 px', async () => {
    const title = unique('Kargo');
    const page = await openAsAdmin('#/admin');
    await page.locator('.admin select').first().selectOption('en');
    await page.getByRole('button', { name: 'New canned response' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    // Nothing typed: the API names both fields, and each message stands next to its field.
    await expect.poll(() => page.locator('#canned-title-error').isVisible(), { timeout: 5000 }).toBe(true);
    expect(await page.locator('#canned-text-error').isVisible()).toBe(true);
    expect(await page.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Text').fill('Your parcel is on its way.');
    await page.getByLabel('Tags (separated by spaces)').fill('cargo shipping');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText(`Saved: ${title}`).isVisible()).toBe(true);
    const listed = (await http('GET', '/canned-responses?locale=en&limit=100')).json.items.find((c: { title: string }) => c.title === title);
    expect(listed).toMatchObject({ text: 'Your parcel is on its way.', tags: ['cargo', 'shipping'] });

    await page.getByRole('button', { name: `Edit ${title}` }).click();
    await page.getByLabel('Text').fill('Your parcel arrives tomorrow.');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await http('GET', `/canned-responses/en/${listed.id}`)).json.text).toBe('Your parcel arrives tomorrow.');
    await page.getByLabel('Search').fill(title.toLowerCase());
    // The list narrows on the next render, not within the keystroke.
    await expect.poll(() => page.locator('.items li').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: `Delete ${title}` }).click();
    await page.getByRole('button', { name: `Really delete ${title}` }).click();
    await expect.poll(async () => (await http('GET', `/canned-responses/en/${listed.id}`)).status).toBe(404);
    await page.context().close();
  });

  it("sets and resets the bot's answer for an intent in a locale, from the intents the API lists", async () => {
    const page = await openAsAdmin('#/admin');
    await page.getByLabel('Intent').selectOption('switch_account');
    await page.getByRole('button', { name: 'Show answers' }).click();
    const editor = page.getByRole('form', { name: 'switch_account in en' });
    // The built-in answer to start from.
    await expect.poll(async () => editor.getByLabel('Text').inputValue(), { timeout: 5000 }).toContain('log out');
    await editor.getByLabel('Text').fill('   ');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor.locator('#answer-en-error').isVisible(), { timeout: 5000 }).toBe(true);
    await editor.getByLabel('Text').fill('Sign out, then sign in with the other account.');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await http('GET', '/bot/answers/switch_account')).json.overrides, { timeout: 5000 })
      .toEqual([expect.objectContaining({ locale: 'en', text: 'Sign out, then sign in with the other account.', enabled: true })]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('form', { name: 'switch_account in en' }).getByRole('button', { name: "Back to the bot definition's answer" }).click();
    await expect.poll(async () => (await http('GET', '/bot/answers/switch_account')).json.overrides, { timeout: 5000 }).toEqual([]);
    await page.context().close();
  });
});
