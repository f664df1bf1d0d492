import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from '#test/browser';
import { http, stack, unique } from './helpers';

/** The console's help center section (#/admin) in real Chromium on the local stack, signed in as the local admin. */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A page of the help center as the local web server serves it (from the bucket the publisher writes). */
async function sitePage(path: string) {
  const res = await fetch(`${stack().info.helpCenterUrl}${path}`);
  return { status: res.status, text: await res.text() };
}

/** The console, in English, with every script error and failed call it logs. */
async function openConsole(url: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' });
  await context.addInitScript(() => (globalThis as any).localStorage.setItem('destek.locale', 'en'));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(url);
  await expect.poll(() => page.locator('header.topbar').count(), { timeout: 10_000 }).toBe(1);
  return { page, problems };
}

/** An English article of its own for each test (other test files edit the shipped ones). */
async function newArticle(o: { prefix: string; body?: string; category?: string }) {
  const slug = unique(o.prefix);
  const title = `${o.prefix} ${slug.slice(-8)}`;
  const created = await http('POST', '/help-center/articles', {
    body: { locale: 'en', slug, title, body: o.body ?? 'The first text.', category: o.category ?? 'orders' },
  });
  expect(created.status, created.text).toBe(201);
  return { slug, title, id: created.json.id as string };
}

/** The admin page's Help center section in English, filtered to one article, with that article's editor open. */
async function openArticle(title: string): Promise<{ page: Page; section: Locator; editor: Locator; problems: string[] }> {
  const { page, problems } = await openConsole(`${stack().info.consoleAdminUrl}#/admin`);
  const section = page.getByRole('region', { name: 'Help center' });
  await section.getByLabel('Language').selectOption('en');
  await section.getByLabel('Filter articles').fill(title);
  await section.getByRole('button', { name: `Edit ${title}` }).click();
  const editor = section.getByRole('form', { name: `Article: ${title}` });
  await expect.poll(() => editor.getByLabel('Title').inputValue(), { timeout: 10_000 }).toBe(title);
  return { page, section, editor, problems };
}

const noHorizontalScroll = (page: Page) => page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);

const versionsOf = (section: Locator) => section.getByRole('region', { name: 'Versions' });

describe('the console help center admin', () => {
  it("saves an article's new text, and after publishing the site the page under /help/ shows it; axe clean at 1280 and 390 px", async () => {
    const a = await newArticle({ prefix: 'console-edit' });
    const { page, section, editor, problems } = await openArticle(a.title);
    const marker = unique('Edited in the console');
    await editor
      .getByLabel('Text (Markdown)')
      .fill(`Parcels leave the warehouse the same day. ${marker}\n\n## When\n\n- **Weekdays** before 15:00\n- Not <img src=x onerror=alert(1)>`);
    // The preview shows the Markdown's shape, with what was typed as text: no element comes from it.
    await editor.getByText('Preview (rough: the site renders the final page)').click();
    const preview = editor.locator('.articles-preview');
    expect(await preview.getByRole('heading', { name: 'When' }).count()).toBe(1);
    expect(await preview.locator('li strong').textContent()).toBe('Weekdays');
    expect(await preview.locator('img').count()).toBe(0);
    expect(await preview.textContent()).toContain('<img src=x onerror=alert(1)>');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => section.getByRole('status').textContent(), { timeout: 5000 }).toContain(`Saved: ${a.title} (version 2)`);
    await section.getByRole('button', { name: 'Publish site' }).click();
    await expect.poll(() => section.getByRole('status').textContent(), { timeout: 5000 }).toContain('Site rebuild asked for');
    await expect.poll(async () => (await sitePage(`en/${a.slug}/`)).text, { timeout: 20_000 }).toContain(marker);
    // The editor links the article's page on the site, under the local web server's /help/.
    const link = await editor.getByRole('link', { name: 'View on the site' }).getAttribute('href');
    expect(link).toBe(`/help/en/${a.slug}/`);
    expect((await http('GET', `/help-center/articles/en/${a.id}`)).json.article).toMatchObject({ version: 2, change: 'edit', updatedBy: 'local-admin' });

    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('creates a new article, first showing a refused address next to its field, and the site then has its page', async () => {
    const { page } = await openConsole(`${stack().info.consoleAdminUrl}#/admin`);
    const section = page.getByRole('region', { name: 'Help center' });
    await section.getByLabel('Language').selectOption('en');
    await section.getByRole('button', { name: 'New article' }).click();
    const form = section.getByRole('form', { name: 'New article' });
    const title = unique('Gift wrapping');
    await form.getByLabel('Address (slug)').fill('Gift Wrapping');
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Category').fill('orders');
    await form.getByLabel('Text (Markdown)').fill('We wrap gifts for free.');
    await form.getByLabel('Tags (separated by commas)').fill('gift, gift wrap');
    await form.getByRole('button', { name: 'Create article' }).click();
    await expect.poll(() => page.locator('#article-slug-error').isVisible(), { timeout: 5000 }).toBe(true);
    expect(await form.getByLabel('Address (slug)').getAttribute('aria-invalid')).toBe('true');

    const slug = unique('gift-wrapping');
    await form.getByLabel('Address (slug)').fill(slug);
    await form.getByRole('button', { name: 'Create article' }).click();
    await expect.poll(() => section.getByRole('status').textContent(), { timeout: 5000 }).toContain(`Created: ${title}`);
    // The editor now holds the created article, and the list shows it in its category.
    await expect.poll(() => section.getByRole('form', { name: `Article: ${title}` }).count(), { timeout: 5000 }).toBe(1);
    await expect.poll(() => section.getByRole('list', { name: 'orders' }).getByText(title).count(), { timeout: 5000 }).toBe(1);
    expect((await http('GET', `/help-center/articles/en/${slug}`)).json.article).toMatchObject({
      title,
      tags: ['gift', 'gift wrap'],
      version: 1,
      published: true,
    });
    await expect.poll(async () => (await sitePage(`en/${slug}/`)).text, { timeout: 20_000 }).toContain('We wrap gifts for free.');
    await page.context().close();
  });

  it('shows a stale save as a conflict naming the current version, and reloading brings the other change', async () => {
    const a = await newArticle({ prefix: 'console-stale' });
    const { page, editor } = await openArticle(a.title);
    // Someone else edits it through the API meanwhile.
    const theirs = await http('PATCH', `/help-center/articles/en/${a.id}`, { body: { basedOn: 1, title: `${a.title} (theirs)` } });
    expect(theirs.status, theirs.text).toBe(200);
    await editor.getByLabel('Text (Markdown)').fill('My text, written on version 1.');
    await editor.getByRole('button', { name: 'Save' }).click();
    const alert = editor.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 5000 }).toContain('Someone else changed this article since you opened it (now version 2)');
    expect((await http('GET', `/help-center/articles/en/${a.id}`)).json.article).toMatchObject({ version: 2, body: 'The first text.' });
    await alert.getByRole('button', { name: 'Reload the article' }).click();
    await expect.poll(() => editor.getByLabel('Title').inputValue(), { timeout: 5000 }).toBe(`${a.title} (theirs)`);
    await expect.poll(() => editor.getByRole('alert').count(), { timeout: 5000 }).toBe(0);
    await page.context().close();
  });

  it('shows the API’s refusal of an unknown intent next to the intents field', async () => {
    const a = await newArticle({ prefix: 'console-intent' });
    const { page, editor } = await openArticle(a.title);
    await editor.getByLabel('Intents it answers').fill('track_order no_such_intent');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#article-intents-error').textContent(), { timeout: 5000 }).toContain('no_such_intent');
    expect(await editor.getByLabel('Intents it answers').getAttribute('aria-invalid')).toBe('true');
    expect((await http('GET', `/help-center/articles/en/${a.id}`)).json.article.version).toBe(1);
    await page.context().close();
  });

  it('takes an unpublished article off the site, shows it unpublished in the list, and keeps what was typed', async () => {
    const a = await newArticle({ prefix: 'console-unpublish' });
    await expect.poll(async () => (await sitePage(`en/${a.slug}/`)).status, { timeout: 20_000 }).toBe(200);
    const { page, section, editor } = await openArticle(a.title);
    // Typed but not saved: unpublishing leaves it in its field.
    await editor.getByLabel('Tags (separated by commas)').fill('typed, not saved');
    await editor.getByRole('button', { name: 'Unpublish' }).click();
    await expect.poll(() => section.getByRole('status').textContent(), { timeout: 5000 }).toContain(`Taken off the site: ${a.title}`);
    expect((await http('GET', `/help-center/articles/en/${a.id}`)).json.article).toMatchObject({ published: false, tags: [] });
    await expect.poll(async () => (await sitePage(`en/${a.slug}/`)).status, { timeout: 20_000 }).toBe(404);
    const listed = section.getByRole('list', { name: 'orders' }).getByRole('listitem').filter({ hasText: a.title });
    await expect.poll(() => listed.textContent(), { timeout: 5000 }).toContain('Unpublished');
    expect(await editor.getByRole('button', { name: 'Publish' }).count()).toBe(1);
    // After the editor read the unpublished version back (its Publish button): what was typed is still there.
    await expect.poll(() => versionsOf(section).getByRole('listitem').count(), { timeout: 5000 }).toBe(2);
    expect(await editor.getByLabel('Tags (separated by commas)').inputValue()).toBe('typed, not saved');
    await page.context().close();
  });

  it('restores an older version’s text after a confirmation, as a new version', async () => {
    const a = await newArticle({ prefix: 'console-restore', body: 'The original wording.' });
    const edited = await http('PATCH', `/help-center/articles/en/${a.id}`, { body: { basedOn: 1, body: 'A later wording.' } });
    expect(edited.status, edited.text).toBe(200);
    const { page, section, editor } = await openArticle(a.title);
    expect(await editor.getByLabel('Text (Markdown)').inputValue()).toBe('A later wording.');
    const versions = versionsOf(section);
    await versions.getByRole('button', { name: 'Restore version 1' }).click();
    // Nothing happens before the confirmation: the click only asks.
    await versions.getByRole('button', { name: 'Really restore version 1' }).waitFor();
    await new Promise((r) => setTimeout(r, 300));
    expect((await http('GET', `/help-center/articles/en/${a.id}`)).json.article.version).toBe(2);
    expect(await editor.getByLabel('Text (Markdown)').inputValue()).toBe('A later wording.');
    await versions.getByRole('button', { name: 'Really restore version 1' }).click();
    await expect.poll(() => editor.getByLabel('Text (Markdown)').inputValue(), { timeout: 5000 }).toBe('The original wording.');
    expect((await http('GET', `/help-center/articles/en/${a.id}`)).json.article).toMatchObject({ version: 3, change: 'restore', restoredFrom: 1 });
    await expect.poll(() => versions.getByRole('listitem').first().textContent(), { timeout: 5000 }).toContain('restored from version 1');
    await expect.poll(async () => (await sitePage(`en/${a.slug}/`)).text, { timeout: 20_000 }).toContain('The original wording.');
    await page.context().close();
  });

  it('moves an article up within its category, and opens and closes its editor, with the keyboard', async () => {
    const category = unique('console-order');
    const first = await newArticle({ prefix: 'console-first', category });
    const second = await newArticle({ prefix: 'console-second', category });
    const { page } = await openConsole(`${stack().info.consoleAdminUrl}#/admin`);
    const section = page.getByRole('region', { name: 'Help center' });
    await section.getByLabel('Language').selectOption('en');
    const group = section.getByRole('list', { name: category });
    await expect.poll(() => group.getByRole('listitem').allTextContents(), { timeout: 10_000 }).toHaveLength(2);
    expect(await section.getByRole('button', { name: `Move ${first.title} up` }).isDisabled()).toBe(true);
    await section.getByRole('button', { name: `Move ${second.title} up` }).focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(
        async () =>
          (await http('GET', '/help-center/articles?locale=en')).json.articles
            .filter((x: { category: string }) => x.category === category)
            .map((x: { id: string }) => x.id),
        {
          timeout: 5000,
        },
      )
      .toEqual([second.id, first.id]);
    await expect.poll(async () => (await group.getByRole('listitem').first().textContent()) ?? '', { timeout: 5000 }).toContain(second.title);

    // Enter opens the editor with the focus in its first field; Close gives the focus back to the Edit button.
    const edit = section.getByRole('button', { name: `Edit ${first.title}` });
    await edit.focus();
    await page.keyboard.press('Enter');
    const focusedId = () => page.evaluate(() => (globalThis as any).document.activeElement?.id as string);
    await expect.poll(focusedId, { timeout: 5000 }).toBe('article-title');
    await section.getByRole('button', { name: 'Close' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => edit.evaluate((el) => el === (globalThis as any).document.activeElement), { timeout: 5000 }).toBe(true);
    await page.context().close();
  });

  it('shows a non-admin agent no Admin link, and no articles on #/admin', async () => {
    const { page, problems } = await openConsole(`${stack().info.consoleUrl}#/admin`);
    // #/admin shows the inbox to an agent: the checks of absence below are made on the page as rendered.
    await page.locator('section.ticket-list').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Inbox' }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'Help center' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
