import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from '#test/browser';
import { http, stack, unique } from './helpers';

/** The admin page's teams and agents section in real headless Chromium, on the local stack's console. */
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
});

/** A fresh browser signed in as the local admin (or agent) on the admin page; every console error is kept. */
async function openAdmin(opts: { as?: 'admin' | 'agent'; width?: number; locale?: 'en' | 'tr' } = {}): Promise<{ page: Page; errors: string[] }> {
  const locale = opts.locale ?? 'en';
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: 900 }, locale: locale === 'tr' ? 'tr-TR' : 'en-US' });
  contexts.push(context);
  await context.addInitScript((l) => (globalThis as any).localStorage.setItem('destek.locale', l), locale);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${stack().info.web}/console/?as=${opts.as ?? 'admin'}#/admin`);
  return { page, errors };
}

/** Agents with a profile, named so the test finds them among every other test's agents. */
async function agentsNamed(...names: string[]): Promise<{ id: string; name: string }[]> {
  const suffix = unique('x').slice(2);
  return Promise.all(
    names.map(async (first) => {
      const agent = { id: unique('agent'), name: `${first} ${suffix}` };
      expect((await http('PUT', `/agents/${agent.id}`, { body: { name: agent.name, capacity: 4 } })).status).toBe(200);
      return agent;
    }),
  );
}

const section = (page: Page) => page.locator('section.teams-admin');
const teamItem = (page: Page, id: string) => section(page).locator(`li[data-team="${id}"]`);
const focusedLabel = (page: Page) => page.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('aria-label') as string | null);
const scrollWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);

describe('the teams and agents admin section', () => {
  it('creates a team with two members and a lead, edits it, lists it after a reload and deletes it, accessibly at 1280 and 390 px', async () => {
    // More than eight agents: the member picker has a search box.
    const [ayse, mehmet, zeynep] = await agentsNamed('Ayşe', 'Mehmet', 'Zeynep', 'Ali', 'Can', 'Deniz', 'Ece', 'Fatma', 'Gül');
    const name = `Kargo Ekibi ${unique('t').slice(2)}`;
    const { page, errors } = await openAdmin();
    await section(page).getByRole('button', { name: 'New team' }).click();
    const form = page.getByRole('form', { name: 'New team' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    // The id follows the name, folded the Turkish way, until the admin types one.
    const id = await form.getByLabel('Team id', { exact: true }).inputValue();
    expect(id).toMatch(/^kargo-ekibi-[a-z0-9-]+$/);
    await form.getByRole('checkbox', { name: ayse!.name }).check();
    await form.getByRole('checkbox', { name: mehmet!.name }).check();
    // The lead is chosen among the members only.
    expect(await form.getByLabel('Team lead', { exact: true }).locator('option').allInnerTexts()).toEqual(['No lead', ayse!.name, mehmet!.name]);
    await form.getByLabel('Team lead', { exact: true }).selectOption({ label: mehmet!.name });
    await form.getByLabel('Assignment', { exact: true }).selectOption({ label: 'Fewest open tickets' });
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => section(page).getByText(`Saved: ${name}`).isVisible(), { timeout: 5000 }).toBe(true);
    expect((await http('GET', `/teams/${id}`)).json).toMatchObject({
      name,
      members: [ayse!.id, mehmet!.id],
      lead: mehmet!.id,
      calendar: null,
      assignment: 'least-open',
    });
    await expect.poll(() => teamItem(page, id).innerText()).toContain(mehmet!.name);
    expect(await teamItem(page, id).locator('dd').allInnerTexts()).toEqual(['2', mehmet!.name, 'Default calendar', 'Fewest open tickets']);
    // The agents list names each member's team.
    expect(await section(page).locator(`li[data-agent="${ayse!.id}"]`).innerText()).toContain(name);

    await teamItem(page, id)
      .getByRole('button', { name: `Edit ${name}` })
      .click();
    const edit = page.getByRole('form', { name: `Edit team ${name}` });
    await edit.getByLabel('Name', { exact: true }).fill(`${name} 2`);
    // The form is there now: a team's id cannot change, so it has no field.
    expect(await edit.getByLabel('Team id', { exact: true }).count()).toBe(0);
    // The search folds the Turkish way ("ayse" finds Ayşe) and keeps the members shown.
    const suffix = ayse!.name.split(' ')[1]!;
    await edit.getByLabel('Find an agent', { exact: true }).fill(`ayse ${suffix}`);
    expect(await edit.getByRole('checkbox').count()).toBe(2);
    await edit.getByRole('checkbox', { name: ayse!.name }).uncheck();
    await edit.getByLabel('Find an agent', { exact: true }).fill(`ZEYNEP ${suffix}`);
    expect(await edit.getByRole('checkbox', { name: ayse!.name }).count()).toBe(0);
    await edit.getByRole('checkbox', { name: zeynep!.name }).check();
    await edit.getByLabel('Team lead', { exact: true }).selectOption({ label: zeynep!.name });
    await edit.getByLabel('Assignment', { exact: true }).selectOption('manual');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await http('GET', `/teams/${id}`)).json, { timeout: 5000 })
      .toMatchObject({ name: `${name} 2`, members: [mehmet!.id, zeynep!.id], lead: zeynep!.id, assignment: 'manual' });

    await page.reload();
    await expect.poll(() => teamItem(page, id).locator('dd').allInnerTexts(), { timeout: 10_000 }).toEqual(['2', zeynep!.name, 'Default calendar', 'Manual']);
    expect(await teamItem(page, id).locator('strong').innerText()).toContain(`${name} 2`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    await teamItem(page, id)
      .getByRole('button', { name: `Edit ${name} 2` })
      .click();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await page
      .getByRole('form', { name: `Edit team ${name} 2` })
      .getByRole('button', { name: 'Cancel' })
      .click();

    // By keyboard: the focus moves to the confirmation that takes the pressed button's place.
    await teamItem(page, id)
      .getByRole('button', { name: `Delete ${name} 2` })
      .press('Enter');
    await expect.poll(() => focusedLabel(page)).toBe(`Really delete ${name} 2`);
    await page.keyboard.press('Enter');
    await expect.poll(() => section(page).getByText(`Deleted: ${name} 2`).isVisible(), { timeout: 5000 }).toBe(true);
    expect((await http('GET', `/teams/${id}`)).status).toBe(404);
    await expect.poll(() => teamItem(page, id).count(), { timeout: 5000 }).toBe(0);
    expect(errors).toEqual([]);
  });

  it("shows the API's refusal next to each field it names, and says so when the id is taken or the team is gone", async () => {
    const { page, errors } = await openAdmin();
    await section(page).getByRole('button', { name: 'New team' }).click();
    const form = page.getByRole('form', { name: 'New team' });
    await form.getByLabel('Team id', { exact: true }).fill('Kargo Ekibi');
    await form.getByRole('button', { name: 'Save' }).click();
    // Nothing named and an id the API does not take: 400, one message beside each of the two fields.
    await expect.poll(() => page.locator('#team-name-error').isVisible(), { timeout: 5000 }).toBe(true);
    expect(await page.locator('#team-id-error').innerText()).toContain('lower-case letters');
    expect(await form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Team id', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Team id', { exact: true }).getAttribute('aria-describedby')).toContain('team-id-error');
    expect(await seriousViolations(page)).toEqual([]);

    const taken = unique('taken').toLowerCase();
    expect((await http('POST', '/teams', { body: { id: taken, name: 'Taken' } })).status).toBe(201);
    await form.getByLabel('Name', { exact: true }).fill('Another');
    await form.getByLabel('Team id', { exact: true }).fill(taken);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').innerText(), { timeout: 5000 }).toContain(`A team with the id ${taken} exists already`);
    expect(await page.locator('#team-name-error').count()).toBe(0);
    expect((await http('GET', `/teams/${taken}`)).json.name).toBe('Taken');
    await form.getByRole('button', { name: 'Cancel' }).click();

    // A team deleted elsewhere while its editor is open: the editor closes, the list is read again, and a line says why.
    await page.reload();
    await teamItem(page, taken).getByRole('button', { name: 'Edit Taken' }).click();
    expect((await http('DELETE', `/teams/${taken}`)).status).toBe(204);
    await page.getByRole('form', { name: 'Edit team Taken' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => section(page).getByRole('alert').innerText(), { timeout: 5000 }).toContain(`The team ${taken} no longer exists`);
    await expect.poll(() => page.getByRole('form', { name: 'Edit team Taken' }).count(), { timeout: 5000 }).toBe(0);
    await expect.poll(() => teamItem(page, taken).count(), { timeout: 5000 }).toBe(0);
    // The refusals are the API's answers, not the page's faults: only the browser's lines for the 400, 409 and 404.
    expect(errors.filter((e) => !/status of (400|404|409)/.test(e))).toEqual([]);
  });

  it("lists agents with capacity, open tickets and teams, and an edit of an agent's capacity persists or is refused beside the field (in Turkish, at 390 px)", async () => {
    const [ayse] = await agentsNamed('Ayşe');
    const team = unique('iade').toLowerCase();
    expect((await http('POST', '/teams', { body: { id: team, name: `İade ${team}`, members: [ayse!.id], calendar: 'istanbul' } })).status).toBe(201);
    const { page, errors } = await openAdmin({ locale: 'tr', width: 390 });
    await expect.poll(() => page.getByRole('heading', { name: 'Ekipler ve temsilciler' }).count(), { timeout: 10_000 }).toBe(1);
    const row = section(page).locator(`li[data-agent="${ayse!.id}"]`);
    await expect.poll(() => row.locator('dd').allInnerTexts(), { timeout: 10_000 }).toEqual(['4', '0', `İade ${team}`]);
    expect(await row.locator('.badge').innerText()).toBe('Uzakta');
    // A calendar the configuration does not name (set through the API) is shown as it is.
    expect(await teamItem(page, team).locator('dd').nth(2).innerText()).toBe('istanbul');

    await row.getByRole('button', { name: `${ayse!.name} düzenle` }).click();
    const form = row.getByRole('form', { name: `${ayse!.name} temsilcisini düzenle` });
    // The capacity field takes the focus, so a keyboard user types the number at once.
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toMatch(/^agent-\d+-capacity$/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('7');
    await form.getByLabel('E-posta', { exact: true }).fill('ayse@shop.test');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await http('GET', '/agents')).json.items.find((a: { agentId: string }) => a.agentId === ayse!.id), { timeout: 5000 })
      .toMatchObject({ capacity: 7, email: 'ayse@shop.test', name: ayse!.name });
    await expect.poll(() => row.locator('dd').first().innerText()).toBe('7');
    expect(await section(page).getByText(`Temsilci kaydedildi: ${ayse!.name}`).isVisible()).toBe(true);
    // The focus is back on the agent's edit button.
    expect(await focusedLabel(page)).toBe(`${ayse!.name} düzenle`);

    // A capacity the API refuses: its message beside the field, nothing saved.
    await row.getByRole('button', { name: `${ayse!.name} düzenle` }).click();
    await form.getByLabel('Kapasite (boş: sınırsız)', { exact: true }).fill('0');
    await form.getByRole('button', { name: 'Kaydet' }).click();
    await expect.poll(() => form.locator('.field-error').innerText(), { timeout: 5000 }).toContain('>=1');
    expect(await form.getByLabel('Kapasite (boş: sınırsız)', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await http('GET', '/agents')).json.items.find((a: { agentId: string }) => a.agentId === ayse!.id).capacity).toBe(7);

    // An empty capacity is no limit.
    await form.getByLabel('Kapasite (boş: sınırsız)', { exact: true }).fill('');
    await form.getByRole('button', { name: 'Kaydet' }).click();
    await expect.poll(() => row.locator('dd').first().innerText(), { timeout: 5000 }).toBe('Sınırsız');
    expect((await http('GET', '/agents')).json.items.find((a: { agentId: string }) => a.agentId === ayse!.id).capacity).toBeNull();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await http('DELETE', `/teams/${team}`);
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });

  it('gives an agent who is not an admin no Admin link, and #/admin shows no team data', async () => {
    const team = unique('gizli').toLowerCase();
    expect((await http('POST', '/teams', { body: { id: team, name: `Gizli ${team}` } })).status).toBe(201);
    const { page } = await openAdmin({ as: 'agent' });
    await expect.poll(() => page.getByRole('link', { name: 'Inbox' }).count(), { timeout: 10_000 }).toBe(1);
    // #/admin shows the inbox to an agent: the checks of absence below are made on the page as rendered.
    await page.locator('section.ticket-list').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect(await page.locator('section.teams-admin').count()).toBe(0);
    expect(await page.getByText(`Gizli ${team}`).count()).toBe(0);
    // The API refuses the agent too: the page hides nothing the API would give.
    const agent = stack().agentOnlyToken;
    expect((await http('GET', '/teams', { token: agent })).status).toBe(403);
    expect((await http('GET', '/agents', { token: agent })).status).toBe(403);
    await http('DELETE', `/teams/${team}`);
  });
});
