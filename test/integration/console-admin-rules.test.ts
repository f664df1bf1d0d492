import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES_MAX_AGE_MS } from '#adapters/routing-store';
import { launchChromium, seriousViolations } from '#test/browser';
import { COMPLAINT, chat, chatTicket, ticketOf } from './agent-helpers';
import { http, stack, unique } from './helpers';

/** The admin page's routing rules and macros sections, in real headless Chromium on the local stack. */

let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh browser signed in as the local admin or agent; what the page fails to run (a script error, a CSP refusal) is recorded. */
async function open(as: 'admin' | 'agent', hash: string, opts: { width?: number; locale?: 'en' | 'tr' } = {}): Promise<Page> {
  const locale = opts.locale ?? 'en';
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: 900 }, locale: locale === 'tr' ? 'tr-TR' : 'en-US' });
  await context.addInitScript((l) => (globalThis as any).localStorage.setItem('destek.locale', l), locale);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
  });
  await page.goto(`${stack().info.web}/console/?as=${as}#${hash}`);
  return page;
}

const rulesSection = (page: Page) => page.getByRole('region', { name: 'Routing rules' });
const ruleNames = (page: Page) => rulesSection(page).locator('ol.rule-list > li > .head strong').allInnerTexts();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const scrollWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth);
/** A rule that never matches (its words are in no message) and stays off: only its place in the order matters. */
const idleRule = (name: string) => ({
  name,
  enabled: false,
  when: 'message_received',
  conditions: { textContains: [unique('hic-yok')] },
  actions: { addTags: ['idle'] },
});

describe('routing rules in the console', () => {
  it("creates a rule from rows whose effect the pipeline applies: a chat with the rule's words gets its tag and priority", async () => {
    const words = unique('kargokural');
    const name = `Kargo ${words}`;
    const page = await open('admin', '/admin');
    const section = rulesSection(page);
    await section.getByRole('button', { name: 'New rule' }).click();
    const form = section.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name').fill(name);
    await form.getByRole('combobox', { name: 'Runs on' }).selectOption({ label: 'the message that opens a ticket' });
    await form.getByRole('button', { name: 'Add condition' }).click();
    // The new row has the focus; its first kind is "Text contains".
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('aria-label'))).toBe('Condition 1: Kind');
    await form.getByRole('textbox', { name: 'Condition 1: Text contains' }).fill(words);
    await form.getByRole('button', { name: 'Add condition' }).click();
    await form.getByRole('combobox', { name: 'Condition 2: Kind' }).selectOption({ label: 'Channel' });
    await form.getByRole('combobox', { name: 'Condition 2: Channel' }).selectOption({ label: 'Chat' });
    await form.getByRole('button', { name: 'Add action' }).click();
    await form.getByRole('textbox', { name: 'Action 1: Add tag' }).fill('kargo-kurali');
    await form.getByRole('button', { name: 'Add action' }).click();
    await form.getByRole('combobox', { name: 'Action 2: Set priority' }).selectOption({ label: 'Low' });
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => section.getByText(`Saved: ${name}`).count(), { timeout: 5000 }).toBe(1);
    const summary = section.locator('ol.rule-list > li', { hasText: name }).locator('p');
    expect(await summary.innerText()).toBe(
      `the message that opens a ticket: Channel: Chat · Text contains: “${words}” → Add tag: “kargo-kurali” · Set priority: Low`,
    );
    const stored = (await http('GET', '/rules')).json.items.find((r: { name: string }) => r.name === name);
    expect(stored).toMatchObject({
      enabled: true,
      when: 'ticket_created',
      conditions: { textContains: [words], channels: ['chat'] },
      actions: { addTags: ['kargo-kurali'], priority: 'low' },
    });

    // The pipeline reads the rules again after at most this long.
    await sleep(RULES_MAX_AGE_MS + 1000);
    const visitor = unique('v-rule');
    await chat(visitor, 'm1', `${COMPLAINT} ${words.toUpperCase()}`);
    const ticket = await ticketOf('chat', visitor, 'open', 15_000);
    expect(ticket).toMatchObject({ priority: 'low', tags: ['kargo-kurali'] });
    // Another customer's message without the words is left alone.
    const other = await chatTicket(unique('v-norule'));
    expect(other.tags ?? []).not.toContain('kargo-kurali');
    await expect.poll(async () => (await http('GET', `/rules/${stored.id}`)).json.hits).toBe(1);

    // Turned off, then deleted after the confirmation.
    await page.reload();
    await rulesSection(page)
      .getByRole('checkbox', { name: `Enabled: ${name}` })
      .uncheck();
    await expect.poll(async () => (await http('GET', `/rules/${stored.id}`)).json.enabled).toBe(false);
    // The status follows the API's answer in the page, which may come after the check above.
    await expect.poll(() => rulesSection(page).getByText(`${name} is off.`).count()).toBe(1);
    await rulesSection(page)
      .getByRole('button', { name: `Delete ${name}` })
      .click();
    await rulesSection(page)
      .getByRole('button', { name: `Really delete ${name}` })
      .click();
    await expect.poll(async () => (await http('GET', `/rules/${stored.id}`)).status).toBe(404);
    await expect.poll(() => ruleNames(page)).not.toContainEqual(expect.stringContaining(name));
    expect(problems).toEqual([]);
  }, 90_000);

  it('moves a rule up by keyboard; the order is stored and shown the same after a reload', async () => {
    const first = (await http('POST', '/rules', { body: idleRule(unique('Birinci')) })).json;
    const second = (await http('POST', '/rules', { body: idleRule(unique('Ikinci')) })).json;
    const page = await open('admin', '/admin');
    const up = rulesSection(page).getByRole('button', { name: `Move up: ${second.name}` });
    await expect.poll(() => up.count(), { timeout: 15_000 }).toBe(1);
    await up.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rulesSection(page).getByText(`${second.name} moved up`).count(), { timeout: 5000 }).toBe(1);
    // The focus stays with the rule that moved (on "Move down" when it is now first, "Move up" being disabled there).
    await expect.poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.id)).toMatch(new RegExp(`^rule-${second.id}-(up|down)$`));
    const ids = (await http('GET', '/rules')).json.items.map((r: { id: string }) => r.id);
    expect(ids.indexOf(second.id)).toBe(ids.indexOf(first.id) - 1);

    await page.reload();
    await expect.poll(() => ruleNames(page), { timeout: 15_000 }).toContainEqual(expect.stringContaining(first.name));
    const shown = await ruleNames(page);
    const at = (name: string) => shown.findIndex((s) => s.endsWith(name));
    expect(at(second.name)).toBe(at(first.name) - 1);
    // Places are numbered as the pipeline evaluates them.
    expect(shown[at(second.name)]).toBe(`${at(second.name) + 1}. ${second.name}`);

    // Edited from its stored state: the form starts from the rule's rows, and only the name changes.
    await rulesSection(page)
      .getByRole('button', { name: `Edit ${second.name}` })
      .click();
    const form = rulesSection(page).getByRole('form', { name: `Edit rule ${second.name}` });
    await expect.poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('rule-name');
    expect(await form.getByRole('textbox', { name: 'Condition 1: Text contains' }).inputValue()).toBe(second.conditions.textContains[0]);
    expect(await form.getByRole('checkbox', { name: 'Enabled' }).isChecked()).toBe(false);
    await form.getByLabel('Name').fill(`${second.name} (2)`);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await http('GET', `/rules/${second.id}`)).json.name).toBe(`${second.name} (2)`);
    const edited = (await http('GET', `/rules/${second.id}`)).json;
    expect(edited).toMatchObject({ enabled: false, when: 'message_received', conditions: second.conditions, actions: second.actions });
    for (const r of [first, second]) await http('DELETE', `/rules/${r.id}`);
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows each refusal of the API beside the row or field it names, accessibly at 1280 and 390 px', async () => {
    const page = await open('admin', '/admin');
    const section = rulesSection(page);
    await section.getByRole('button', { name: 'New rule' }).click();
    const form = section.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name').fill(unique('Kisa'));
    await form.getByRole('button', { name: 'Add condition' }).click();
    await form.getByRole('button', { name: 'Add condition' }).click();
    await form.getByRole('textbox', { name: 'Condition 1: Text contains' }).fill('iade');
    await form.getByRole('combobox', { name: 'Condition 2: Kind' }).selectOption({ label: 'Text contains' });
    await form.getByRole('textbox', { name: 'Condition 2: Text contains' }).fill('x');
    await form.getByRole('button', { name: 'Save' }).click();
    // The second text is too short (conditions.textContains.1); the rule has no action (actions).
    const second = form.getByRole('textbox', { name: 'Condition 2: Text contains' });
    await expect.poll(() => second.getAttribute('aria-invalid'), { timeout: 5000 }).toBe('true');
    const describedBy = await second.getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).innerText()).toMatch(/\S/);
    expect(await form.getByRole('textbox', { name: 'Condition 1: Text contains' }).getAttribute('aria-invalid')).toBe('false');
    expect(await form.locator('#rule-actions-error').innerText()).toContain('give at least one action');
    expect(await form.getByRole('group', { name: 'Actions' }).getAttribute('aria-describedby')).toBe('rule-actions-error');

    // An empty tag is refused by its path (actions.addTags.0): shown on its row, no longer on the group.
    await form.getByRole('button', { name: 'Add action' }).click();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('textbox', { name: 'Action 1: Add tag' }).getAttribute('aria-invalid'), { timeout: 5000 }).toBe('true');
    expect(await form.locator('#rule-actions-error').count()).toBe(0);

    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('shows a non-admin no Admin link and no rules or macros, even at #/admin; the API refuses them', async () => {
    const page = await open('agent', '/admin');
    await expect.poll(() => page.getByRole('link', { name: 'Inbox' }).count(), { timeout: 15_000 }).toBe(1);
    // #/admin shows the inbox to an agent: the checks of absence below are made on the page as rendered.
    await page.locator('section.ticket-list').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Routing rules' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Macros' }).count()).toBe(0);
    expect((await http('GET', '/rules', { token: stack().agentOnlyToken })).status).toBe(403);
    expect((await http('POST', '/macros', { token: stack().agentOnlyToken, body: { name: 'x', actions: { status: 'open' } } })).status).toBe(403);
    const admin = await open('admin', '/admin');
    await expect.poll(() => admin.getByRole('link', { name: 'Admin' }).count(), { timeout: 15_000 }).toBe(1);
  });
});

describe('macros in the admin page', () => {
  it('creates a macro (reply with a variable, a tag, a status) that an agent then runs from the ticket menu; edits and deletes it, in Turkish at 390 px', async () => {
    const name = unique('Iade');
    const page = await open('admin', '/admin', { width: 390, locale: 'tr' });
    const section = page.getByRole('region', { name: 'Makrolar' });
    await section.getByRole('button', { name: 'Yeni makro' }).click();
    const form = section.getByRole('form', { name: 'Yeni makro' });
    await form.getByLabel('Ad').fill(name);
    await form.getByRole('button', { name: 'Eylem ekle' }).click();
    expect(await form.getByRole('combobox', { name: 'Eylem 1: Tür' }).inputValue()).toBe('reply');
    await form.getByRole('combobox', { name: 'Eylem 1: Dil' }).selectOption('tr');
    await form.getByRole('textbox', { name: 'Eylem 1: Yanıt' }).fill('Merhaba, {{ticket.number}} numaralı iadeniz başladı.');
    await form.getByRole('button', { name: 'Eylem ekle' }).click();
    await form.getByRole('combobox', { name: 'Eylem 2: Tür' }).selectOption({ label: 'Etiket ekle' });
    await form.getByRole('textbox', { name: 'Eylem 2: Etiket ekle' }).fill('iade-basladi');
    await form.getByRole('button', { name: 'Eylem ekle' }).click();
    await form.getByRole('combobox', { name: 'Eylem 3: Tür' }).selectOption({ label: 'Durum ata' });
    await form.getByRole('combobox', { name: 'Eylem 3: Durum ata' }).selectOption('pending');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Kaydet' }).click();
    await expect.poll(() => section.getByText(`Kaydedildi: ${name}`).count(), { timeout: 5000 }).toBe(1);
    const macro = (await http('GET', '/macros')).json.items.find((m: { name: string }) => m.name === name);
    expect(macro.actions).toEqual({ reply: { tr: 'Merhaba, {{ticket.number}} numaralı iadeniz başladı.' }, status: 'pending', addTags: ['iade-basladi'] });
    expect(await seriousViolations(page)).toEqual([]);

    const ticket = await chatTicket(unique('v-macro-admin'));
    const agent = await open('agent', `/tickets/${ticket.id}`);
    const menu = agent.getByRole('combobox', { name: 'Macro' });
    await expect.poll(() => menu.count(), { timeout: 15_000 }).toBe(1);
    await menu.selectOption({ label: name });
    await agent.getByRole('button', { name: 'Run macro' }).click();
    await expect.poll(() => agent.getByRole('status').filter({ hasText: 'Macro applied to 1 tickets.' }).count(), { timeout: 10_000 }).toBe(1);
    const after = (await http('GET', `/tickets/${ticket.id}`)).json;
    expect(after).toMatchObject({ status: 'pending', tags: ['iade-basladi'] });
    expect(
      after.timeline.filter(
        (i: { direction: string; text?: string }) => i.direction === 'out' && i.text === `Merhaba, #${ticket.number} numaralı iadeniz başladı.`,
      ),
    ).toHaveLength(1);

    // Renamed, then deleted after the confirmation.
    await section.getByRole('button', { name: `${name} düzenle` }).click();
    const edit = section.getByRole('form', { name: `${name} makrosunu düzenle` });
    expect(await edit.getByRole('textbox', { name: 'Eylem 3: Etiket ekle' }).inputValue()).toBe('iade-basladi');
    await edit.getByLabel('Ad').fill(`${name} (yeni)`);
    await edit.getByRole('button', { name: 'Kaydet' }).click();
    await expect.poll(async () => (await http('GET', '/macros')).json.items.find((m: { id: string }) => m.id === macro.id)?.name).toBe(`${name} (yeni)`);
    await section.getByRole('button', { name: `${name} (yeni) sil` }).click();
    await section.getByRole('button', { name: `${name} (yeni) gerçekten silinsin` }).click();
    await expect.poll(async () => (await http('GET', '/macros')).json.items.some((m: { id: string }) => m.id === macro.id)).toBe(false);
    await expect.poll(() => section.locator('ul.items strong', { hasText: name }).count()).toBe(0);
    expect(problems).toEqual([]);
  }, 90_000);
});
