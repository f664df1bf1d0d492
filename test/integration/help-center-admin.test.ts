import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, typeQuery } from '#test/browser';
import { readArticleCatalogue } from '#adapters/help-site-state';
import { db } from './agent-helpers';
import { asyncInvocationsIdle, eventually, http, invokeAsync, stack, unique } from './helpers';

/** A page of the help center as the local web server serves it (from the bucket the publisher writes). */
async function page(path: string) {
  const res = await fetch(`${stack().info.helpCenterUrl}${path}`);
  return { status: res.status, text: await res.text() };
}

const searchIndex = async (locale: string) => (await page(`${locale}/search-index.json`)).text;

/** Waits for the publisher to have rendered what was asked (the local Invoke stand-in runs it in the background). */
const rendered = (check: () => Promise<boolean>, what: string) => eventually(async () => ((await check()) ? true : undefined), 20_000, what);

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** What the site's search shows for a query, typed in Chromium on a fresh page (the search index as published now). */
async function searchInBrowser(query: string): Promise<string[]> {
  const context = await browser.newContext();
  try {
    const { page: tab } = await openPage(context, `${stack().info.helpCenterUrl}tr/`);
    return await typeQuery(tab, query);
  } finally {
    await context.close();
  }
}

describe('help center articles edited by an admin', () => {
  it('shows an edit on the site under /help/, takes an unpublished article off the site and its search index, and restores a version', async () => {
    const marker = unique('yeni-kargo-metni');
    const before = await http('GET', '/help-center/articles/tr/shipping-cost');
    expect(before.status).toBe(200);
    const basedOn = before.json.article.version as number;

    const edited = await http('PATCH', '/help-center/articles/tr/shipping-cost', { body: { basedOn, body: `Kargo ücreti: ${marker}` } });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json).toMatchObject({ version: basedOn + 1, change: 'edit', updatedBy: 'local-agent' });
    await rendered(async () => (await page('tr/kargo-ucreti/')).text.includes(marker), 'the edited page');
    expect(await searchIndex('tr')).toContain(marker);
    const title = before.json.article.title as string;
    expect(await searchInBrowser(marker)).toContain(title);

    // A stale edit (based on the version before) is refused, naming the current one.
    const stale = await http('PATCH', '/help-center/articles/tr/shipping-cost', { body: { basedOn, title: 'Eski sürüme göre' } });
    expect(stale.status).toBe(409);
    expect(stale.json.error.details).toEqual({ version: basedOn + 1 });

    const off = await http('PATCH', '/help-center/articles/tr/shipping-cost', { body: { basedOn: basedOn + 1, published: false } });
    expect(off.json).toMatchObject({ change: 'unpublish', published: false });
    await rendered(async () => (await page('tr/kargo-ucreti/')).status === 404, 'the unpublished page to be gone');
    expect(await searchIndex('tr')).not.toContain(marker);
    // In the browser: the site's search no longer finds it, by its new words or by its title's.
    expect(await searchInBrowser(marker)).not.toContain(title);
    expect(await searchInBrowser('kargo ucreti')).not.toContain(title);
    expect((await page('sitemap.xml')).text).not.toContain('/tr/kargo-ucreti/');
    expect((await page('tr/')).text).not.toContain('/tr/kargo-ucreti/');

    const restored = await http('POST', '/help-center/articles/tr/shipping-cost/restore', { body: { basedOn: basedOn + 2, version: basedOn } });
    expect(restored.json).toMatchObject({ version: basedOn + 3, change: 'restore', restoredFrom: basedOn, published: false });
    const on = await http('PATCH', '/help-center/articles/tr/shipping-cost', { body: { basedOn: basedOn + 3, published: true } });
    expect(on.json).toMatchObject({ change: 'publish', published: true });
    await rendered(async () => (await page('tr/kargo-ucreti/')).status === 200, 'the page published again');
    expect((await page('tr/kargo-ucreti/')).text).not.toContain(marker);
    const versions = await http('GET', '/help-center/articles/tr/shipping-cost/versions');
    expect(versions.json.versions.map((v: { change: string }) => v.change).slice(0, 5)).toEqual(['publish', 'restore', 'unpublish', 'edit', 'shipped']);
  });

  it('creates an article that the site, its search and the category order show, and renders the same site for a replayed publish', async () => {
    const slug = unique('kapida-odeme');
    const created = await http('POST', '/help-center/articles', {
      body: {
        locale: 'tr',
        slug,
        title: 'Kapıda ödeme var mı?',
        body: '{{shop.name}} kapıda nakit ödeme alır.',
        category: 'odeme-ve-fatura',
        tags: ['kapıda'],
      },
    });
    expect(created.status, created.text).toBe(201);
    await rendered(async () => (await page(`tr/${slug}/`)).status === 200, 'the new page');
    // The published articles the event route and the metrics know (read by the agent API at most once a minute).
    // The rendering saves it after the files: wait for it as for the page.
    const known = await eventually(async () => (await readArticleCatalogue(db(), stack().info.tableName))?.tr?.[slug], 20_000, 'the published article');
    expect(known).toEqual({ slug, title: 'Kapıda ödeme var mı?' });
    const list = await http('GET', '/help-center/articles?locale=tr');
    const category: { id: string; slug: string }[] = list.json.articles.filter((a: { category: string }) => a.category === 'odeme-ve-fatura');
    expect(category.at(-1)?.slug).toBe(slug);
    const ids = [slug, ...category.slice(0, -1).map((a) => a.id)];
    const reordered = await http('PUT', '/help-center/categories/tr/odeme-ve-fatura/order', { body: { ids } });
    expect(reordered.status, reordered.text).toBe(200);
    await rendered(async () => {
      const home = (await page('tr/')).text;
      const section = home.slice(home.indexOf('id="c-odeme-ve-fatura"'));
      return section.indexOf(`/tr/${slug}/`) >= 0 && section.indexOf(`/tr/${slug}/`) < section.indexOf(`/tr/${category[0]!.slug}/`);
    }, 'the new order on the home page');

    // A replayed or late publish renders what the table holds: the same files, nothing removed.
    const home = (await page('tr/')).text;
    const index = await searchIndex('tr');
    await invokeAsync('helpCenterPublish', { reason: 'replayed' });
    await invokeAsync('helpCenterPublish', { reason: 'replayed', force: true });
    await asyncInvocationsIdle();
    expect((await page('tr/')).text).toBe(home);
    expect(await searchIndex('tr')).toBe(index);
  });

  it('renders the last state when publishes race', async () => {
    const slug = unique('yaris');
    const created = await http('POST', '/help-center/articles', { body: { locale: 'en', slug, title: 'Race 0', body: 'Version 0', category: 'orders' } });
    let version = created.json.version as number;
    for (let i = 1; i <= 4; i++) {
      const r = await http('PATCH', `/help-center/articles/en/${slug}`, { body: { basedOn: version, body: `Version ${i}` } });
      version = r.json.version;
    }
    await rendered(async () => (await page(`en/${slug}/`)).text.includes('Version 4'), 'the last version');
    await asyncInvocationsIdle();
    expect((await page(`en/${slug}/`)).text).toContain('Version 4');
  });

  it('refuses the admin routes to an agent outside the admin group, and names an invalid field', async () => {
    const token = stack().agentOnlyToken;
    expect((await http('GET', '/help-center/articles?locale=tr', { token })).status).toBe(403);
    expect((await http('PATCH', '/help-center/articles/tr/kargo-takibi', { token, body: { basedOn: 1, title: 'x' } })).status).toBe(403);
    const invalid = await http('POST', '/help-center/articles', { body: { locale: 'tr', slug: 'Büyük Harf', title: 'x', body: 'x', category: 'kargo' } });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('slug');
    expect((await http('GET', '/help-center/articles/tr/boyle-bir-makale-yok')).status).toBe(404);
  });
});

describe('destek helpcenter publish', () => {
  it('asks the local stack to render the help center again, and the site is whole afterwards', async () => {
    const { main } = await import('#cli/main');
    const dir = mkdtempSync(join(tmpdir(), 'destek-help-cli-'));
    const infoFile = join(dir, 'local.json');
    writeFileSync(infoFile, JSON.stringify(stack().info));
    expect(await main(['helpcenter', 'publish', '--local-info', infoFile])).toBe(0);
    await asyncInvocationsIdle();
    expect((await page('tr/')).status).toBe(200);
    expect(await searchIndex('en')).toContain('"id"');
  });
});
