import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '#adapters/aws/dynamodb';
import { keys } from '#adapters/table-keys';
import { COMPLAINT, chatTicket, db, inbound, ticketOf } from './agent-helpers';
import { launchChromium, seriousViolations } from '#test/browser';
import { http, stack, unique } from './helpers';

/** The ticket's side panel and customer card in real headless Chromium, on the local stack's console. */

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh browser (its own session storage) signed in as the local agent or admin, on one ticket. */
async function openTicket(as: 'agent' | 'admin', ticketId: string, opts: { width?: number; locale?: string; live?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: 900 }, locale: opts.locale ?? 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  // Without the live socket the page learns of changes only by polling, which a test can hold still.
  if (opts.live === false)
    await page.route('**/console/config.json', async (route) => {
      const { liveUrl: _live, ...config } = (await (await route.fetch()).json()) as Record<string, unknown>;
      await route.fulfill({ json: config });
    });
  await page.goto(`${stack().info.web}/console/?as=${as}#/tickets/${ticketId}`);
  await expect.poll(() => page.locator('#ticket-title').count(), { timeout: 15_000 }).toBe(1);
  // The customer card has loaded when it names the customer's id.
  await expect.poll(() => page.locator('.customer-card .customer-id').count(), { timeout: 15_000 }).toBe(1);
  return page;
}

const panel = (page: Page) => page.locator('aside.side-panel');
const eventTexts = (page: Page) => page.locator('.timeline li.event').allInnerTexts();

describe('the ticket side panel', () => {
  it('lets an admin change the priority and add a tag (the timeline shows both) and shows the chat identity on the customer card', async () => {
    const visitor = unique('v-panel');
    const typed = `${visitor}@example.com`;
    const ticket = await chatTicket(visitor, { name: 'Ayşe Yılmaz', email: typed });
    const page = await openTicket('admin', ticket.id);
    const priority = panel(page).getByRole('combobox', { name: 'Priority' });
    const next = ticket.priority === 'low' ? 'normal' : 'low';
    await priority.selectOption(next);
    await expect.poll(() => eventTexts(page)).toContainEqual(expect.stringContaining(`priority: ${ticket.priority} → ${next}`));
    expect(await page.locator('.ticket-head .badge').last().innerText()).toBe(next === 'low' ? 'Low' : 'Normal');

    const tagBox = panel(page).getByRole('textbox', { name: 'New tag' });
    await tagBox.fill('iade');
    await tagBox.press('Enter');
    await expect.poll(() => panel(page).locator('.tag-list li').allInnerTexts()).toEqual([expect.stringContaining('iade')]);
    await expect.poll(() => eventTexts(page)).toContainEqual(expect.stringMatching(/^tags:\s+→ iade/));
    // A tag the API would refuse is explained before anything is sent.
    await tagBox.fill('two words!');
    await tagBox.press('Enter');
    await expect.poll(() => panel(page).getByRole('alert').innerText()).toContain('A tag is up to 40 letters');
    // Each tag has its own named remove button.
    await panel(page).getByRole('button', { name: 'Remove tag iade' }).click();
    await expect.poll(() => panel(page).locator('.tag-list li').count()).toBe(0);
    expect((await http('GET', `/tickets/${ticket.id}`)).json.tags).toEqual([]);

    const identities = panel(page).locator('ul.identities li');
    await expect.poll(() => identities.allInnerTexts()).toContainEqual(expect.stringMatching(new RegExp(`^Chat ${visitor}\\s+verified$`)));
    // The address the visitor typed is shown apart, as unverified.
    expect(await panel(page).locator('ul.hints li').allInnerTexts()).toEqual([expect.stringMatching(new RegExp(`^E-mail ${typed}\\s+unverified$`))]);
    expect(await panel(page).locator('.customer-name').innerText()).toBe('Ayşe Yılmaz');
    expect(await panel(page).getByRole('heading', { name: 'Bot classification' }).count()).toBe(1);
    expect(await panel(page).locator('.facts dt').allInnerTexts()).toEqual(expect.arrayContaining(['Intent', 'Confidence', 'Entities', 'Why this priority']));
    expect(await panel(page).getByRole('heading', { name: 'Reply window' }).count()).toBe(1);
    expect(await panel(page).locator('.window-open').innerText()).toBe('Always open on this channel');
  });

  it('shows the WhatsApp reply window: open with its closing time, then closed with a template required', async () => {
    const phone = `+90532${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    await inbound({
      channel: 'whatsapp',
      channelMessageId: unique('wa'),
      from: { address: phone },
      conversationKey: phone,
      text: COMPLAINT,
    });
    const ticket = await ticketOf('whatsapp', phone);
    const page = await openTicket('agent', ticket.id);
    const window = panel(page).getByRole('region', { name: 'Reply window' });
    expect(await window.locator('.window-open').innerText()).toMatch(/^Open, closes .*\(in (23|24) hr\.\)$/);
    await expect
      .poll(() => panel(page).locator('ul.identities li').allInnerTexts())
      .toContainEqual(expect.stringMatching(new RegExp(`^WhatsApp \\${phone}\\s+verified$`)));
    // The customer last wrote two days ago.
    await db().send(
      new UpdateCommand({
        TableName: stack().info.tableName,
        Key: keys.ticket(ticket.id),
        UpdateExpression: 'SET lastInboundAt = :at',
        ExpressionAttributeValues: { ':at': new Date(Date.now() - 2 * 86_400_000).toISOString() },
      }),
    );
    await page.reload();
    await expect.poll(() => window.locator('.window-closed').innerText(), { timeout: 15_000 }).toContain('Closed');
    expect(await window.locator('.window-closed').innerText()).toContain('Only an approved template can be sent.');
  });

  it('explains a change made on a stale version to either agent and shows the latest state, never dropping the other agent’s change', async () => {
    const ticket = await chatTicket(unique('v-stale'));
    // Two pages that hold the version they loaded: no live socket, and polling held still below.
    const admin = await openTicket('admin', ticket.id, { live: false });
    const agent = await openTicket('agent', ticket.id, { live: false });
    // The admin's page keeps the version it loaded: its ten-second refresh must not come first.
    await admin.clock.install();
    await admin.clock.pauseAt(Date.now() + 1000);

    await panel(agent).getByRole('combobox', { name: 'Status' }).selectOption('pending');
    await expect.poll(async () => (await http('GET', `/tickets/${ticket.id}`)).json.status).toBe('pending');

    const next = ticket.priority === 'low' ? 'normal' : 'low';
    await panel(admin).getByRole('combobox', { name: 'Priority' }).selectOption(next);
    await expect.poll(() => admin.locator('.notice[role="status"]').innerText()).toContain('The ticket changed while you wrote');
    // The latest state is shown: the other agent's status, and the admin's priority not applied behind their back.
    await expect.poll(() => panel(admin).getByRole('combobox', { name: 'Status' }).inputValue()).toBe('pending');
    expect(await panel(admin).getByRole('combobox', { name: 'Priority' }).inputValue()).toBe(ticket.priority);
    const after = (await http('GET', `/tickets/${ticket.id}`)).json;
    expect({ status: after.status, priority: after.priority }).toEqual({ status: 'pending', priority: ticket.priority });

    // Told, the admin tries again on the latest version; now the other agent's page is the stale one, and is told in turn.
    await panel(admin).getByRole('combobox', { name: 'Priority' }).selectOption(next);
    await expect.poll(async () => (await http('GET', `/tickets/${ticket.id}`)).json.priority).toBe(next);
    await agent.clock.install();
    await agent.clock.pauseAt(Date.now() + 1000);
    const tagBox = panel(agent).getByRole('textbox', { name: 'New tag' });
    await tagBox.fill('geri-arama');
    await tagBox.press('Enter');
    await expect.poll(() => agent.locator('.notice[role="status"]').innerText()).toContain('The ticket changed while you wrote');
    await expect.poll(() => panel(agent).getByRole('combobox', { name: 'Priority' }).inputValue()).toBe(next);
    expect(await panel(agent).getByRole('combobox', { name: 'Status' }).inputValue()).toBe('pending');
    // The refused tag is still in the box: Enter sends it again, now on the latest version.
    expect(await tagBox.inputValue()).toBe('geri-arama');
    expect((await http('GET', `/tickets/${ticket.id}`)).json.tags).toEqual([]);
    await agent.clock.resume();
    await tagBox.press('Enter');
    await expect.poll(async () => (await http('GET', `/tickets/${ticket.id}`)).json.tags).toEqual(['geri-arama']);
    await expect.poll(() => tagBox.inputValue()).toBe('');
    expect((await http('GET', `/tickets/${ticket.id}`)).json).toMatchObject({ status: 'pending', priority: next });
  });

  it('erases a customer only after the admin types its id, shows what was erased and gives the focus back', async () => {
    const ticket = await chatTicket(unique('v-erase'));
    const page = await openTicket('admin', ticket.id);
    const open = panel(page).getByRole('button', { name: 'Erase personal data (KVKK)…' });
    await open.click();
    const dialog = page.getByRole('dialog', { name: `Erase the personal data of ${ticket.customerId}` });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const erase = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await erase.isDisabled()).toBe(true);
    const confirm = dialog.getByRole('textbox', { name: `Type the customer id ${ticket.customerId} to confirm` });
    await confirm.fill('c_someone-else');
    expect(await erase.isDisabled()).toBe(true);
    // Escape closes it without erasing, and the button that opened it has the focus again.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await open.evaluate((b: unknown) => b === (globalThis as any).document.activeElement)).toBe(true);
    expect((await http('GET', `/customers/${ticket.customerId}`)).json.erasedAt).toBeNull();

    await open.click();
    await confirm.fill(ticket.customerId);
    await erase.click();
    await expect
      .poll(() => panel(page).locator('.customer-card [role="status"]').innerText(), { timeout: 15_000 })
      .toMatch(/^Erased .*: 1 identities, 1 tickets/);
    expect((await http('GET', `/customers/${ticket.customerId}`)).json.erasedAt).not.toBeNull();
    // The erase button is gone with the data; the focus lands on the card's heading.
    expect(await open.count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('panel-customer');
    expect(await panel(page).locator('ul.identities li').count()).toBe(0);
  });

  it('merges this customer into another after a confirmation that names both, and shows what moved', async () => {
    const into = await chatTicket(unique('v-into'));
    const visitor = unique('v-from');
    const from = await chatTicket(visitor);
    const page = await openTicket('admin', from.id);
    await panel(page).getByRole('button', { name: 'Merge into another customer…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge customers' });
    await dialog.getByRole('textbox', { name: 'Customer id to merge into' }).fill(into.customerId);
    await dialog.getByRole('button', { name: 'Merge…' }).click();
    await expect.poll(() => dialog.locator('p').first().innerText()).toContain(`of ${from.customerId} to ${into.customerId}`);
    expect(await dialog.getByRole('button', { name: 'Merge', exact: true }).evaluate((b: unknown) => b === (globalThis as any).document.activeElement)).toBe(
      true,
    );
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await expect
      .poll(() => panel(page).locator('.customer-card [role="status"]').innerText(), { timeout: 15_000 })
      .toBe(`Merged ${from.customerId} into ${into.customerId}: 1 identities, 1 tickets and 2 messages moved.`);
    // The card now shows the customer the ticket belongs to, with both chat identities and the other ticket.
    await expect.poll(() => panel(page).locator('.customer-id').innerText()).toBe(into.customerId);
    await expect.poll(() => panel(page).locator('ul.identities li').count()).toBe(2);
    expect(await panel(page).locator('ul.other-tickets a').allInnerTexts()).toEqual([into.reference]);
    expect(await panel(page).locator('ul.other-tickets a').getAttribute('href')).toBe(`#/tickets/${into.id}`);
  });

  it('shows no merge or erase to an agent who is not an admin (in Turkish here)', async () => {
    const ticket = await chatTicket(unique('v-agent'));
    const page = await openTicket('agent', ticket.id, { locale: 'tr-TR' });
    expect(await panel(page).getByRole('heading', { name: 'Müşteri', exact: true }).count()).toBe(1);
    expect(await panel(page).getByRole('heading', { name: 'Bot sınıflandırması' }).count()).toBe(1);
    expect(
      await panel(page)
        .getByRole('button', { name: /^(Başka bir müşteriyle birleştir|Kişisel verileri sil)/ })
        .count(),
    ).toBe(0);
    expect(await panel(page).getByRole('group', { name: 'Yönetici işlemleri' }).count()).toBe(0);
    // The admin's page in the same language has both.
    const admin = await openTicket('admin', ticket.id, { locale: 'tr-TR' });
    const adminGroup = panel(admin).getByRole('group', { name: 'Yönetici işlemleri' });
    expect(await adminGroup.getByRole('button').allInnerTexts()).toEqual(['Başka bir müşteriyle birleştir…', 'Kişisel verileri sil (KVKK)…']);
  });

  it('has no serious or critical accessibility violations at 1280 and 390 px, dialogs open or not', async () => {
    const ticket = await chatTicket(unique('v-axe'));
    for (const width of [1280, 390]) {
      const page = await openTicket('admin', ticket.id, { width });
      const violations = async () => (await seriousViolations(page)).map((v) => `${v.id}: ${v.nodes.join(', ')}`);
      expect(await violations(), `at ${width} px`).toEqual([]);
      if (process.env.UPDATE_DOCS_SCREENSHOT)
        writeFileSync(resolve(import.meta.dirname, `../../docs/console-side-panel-${width}.png`), await page.screenshot({ fullPage: true }));
      await panel(page).getByRole('button', { name: 'Erase personal data (KVKK)…' }).click();
      expect(await violations(), `at ${width} px with the erase dialog`).toEqual([]);
      // Nothing of the panel is wider than the phone's screen.
      if (width === 390) expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
  });
});
