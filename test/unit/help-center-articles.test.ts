import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticles } from '#helpcenter/article-files';
import { ArticleValidationError, fillPlaceholders } from '#helpcenter/articles';
import { readArticleSources } from '#definitions/help-center';

const root = resolve(import.meta.dirname, '../..');
const fixtures = readArticleSources(resolve(root, 'test/fixtures/helpcenter/articles'), root);
const intents = new Set(['track_order', 'delivery_options', 'return_item', 'get_refund']);

const article = (front: string, body = 'Bir gövde.', file = 'helpcenter/articles/tr/kargo.md') => ({ file, text: `---\n${front}\n---\n${body}\n` });
const valid = 'id: track-order\ntitle: Kargom nerede?\ncategory: kargo\nintents: [track_order]\ntags: [kargo]\norder: 10';

/** The problems parseArticles reports for these files (it must throw). */
function problemsOf(...sources: { file: string; text: string }[]): string[] {
  try {
    parseArticles(sources, intents);
  } catch (e) {
    expect(e).toBeInstanceOf(ArticleValidationError);
    return [...(e as ArticleValidationError).problems];
  }
  throw new Error('parseArticles accepted invalid articles');
}

describe('help center articles', () => {
  it('the fixture articles parse: locale and slug from the path, defaults filled, unpublished marked', () => {
    const articles = parseArticles(fixtures, intents);
    expect(articles).toHaveLength(7);
    const tracking = articles.find((a) => a.locale === 'tr' && a.id === 'track-order')!;
    expect(tracking).toMatchObject({ slug: 'kargo-takibi', category: 'kargo-ve-teslimat', intents: ['track_order'], order: 10, published: true });
    expect(tracking.body).toMatch(/^Siparişiniz kargoya/);
    expect(articles.find((a) => a.id === 'secret-campaign')?.published).toBe(false);
  });

  it('a missing or mistyped field is reported with the file and the field', () => {
    const problems = problemsOf(article('id: track-order\ntitle: Kargom nerede?\ncategory: kargo\norder: ten'));
    expect(problems).toEqual([expect.stringMatching(/^helpcenter\/articles\/tr\/kargo\.md: "order": .*number/)]);
    expect(problemsOf(article('id: x\ncategory: kargo\norder: 1'))).toEqual([expect.stringMatching(/kargo\.md: "title": /)]);
  });

  it('an unknown front matter key (a typo) is an error naming it', () => {
    expect(problemsOf(article(`${valid}\npublish: false`))).toEqual([expect.stringMatching(/kargo\.md: front matter: .*"publish"/)]);
  });

  it('an id, category or file name that is not a slug is refused', () => {
    expect(problemsOf(article(valid.replace('id: track-order', 'id: Track Order')))[0]).toMatch(/"id": lowercase ASCII/);
    expect(problemsOf(article(valid, 'x', 'helpcenter/articles/tr/Kargo Takibi.md'))[0]).toMatch(/Kargo Takibi\.md: the file name must be a slug/);
  });

  it('an intent the bot does not know, an unknown placeholder and a folder that is not a locale are errors', () => {
    expect(problemsOf(article(valid.replace('[track_order]', '[where_is_it]')))).toEqual([expect.stringMatching(/"intents": where_is_it is not an intent/)]);
    expect(problemsOf(article(valid, 'İade {{shop.returnDay}} gün'))).toEqual([expect.stringMatching(/unknown placeholder \{\{shop\.returnDay\}\}/)]);
    expect(problemsOf(article(valid, 'x', 'helpcenter/articles/de/kargo.md'))[0]).toMatch(/de\/kargo\.md: the folder must be a locale/);
  });

  it('a file without front matter, with broken YAML or an empty body is reported', () => {
    expect(problemsOf({ file: 'helpcenter/articles/tr/a.md', text: '# Başlık\n' })[0]).toMatch(/a\.md: no front matter/);
    expect(problemsOf(article('id: [unclosed'))[0]).toMatch(/kargo\.md: the front matter is not valid YAML/);
    expect(problemsOf(article(valid, ''))[0]).toMatch(/kargo\.md: the body is empty/);
  });

  it('two articles with one id in the same locale are refused; every problem of every file is listed at once', () => {
    const problems = problemsOf(article(valid), article(valid, 'x', 'helpcenter/articles/tr/kargo-2.md'), article('id: y', 'x', 'helpcenter/articles/en/y.md'));
    expect(problems).toContainEqual(expect.stringMatching(/kargo-2\.md: "id": track-order is also the id of helpcenter\/articles\/tr\/kargo\.md/));
    expect(problems.filter((p) => p.startsWith('helpcenter/articles/en/y.md')).length).toBeGreaterThanOrEqual(2);
  });

  it('placeholders are filled from the shop configuration', () => {
    expect(fillPlaceholders('{{shop.name}}: {{ shop.returnDays }} gün, {{shop.helpUrl}}', { name: 'Demo', returnDays: 14, helpUrl: 'https://s/y' })).toBe(
      'Demo: 14 gün, https://s/y',
    );
  });
});
