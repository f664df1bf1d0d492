import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { ArticleValidationError } from '#helpcenter/articles';
import { parseCategories } from '#helpcenter/article-files';
import { HELP_CENTER_CATEGORIES } from '#definitions/help-center';

const root = resolve(import.meta.dirname, '../..');

it("the repository's category list is valid and has the same number of categories in both locales", () => {
  const categories = parseCategories(HELP_CENTER_CATEGORIES, readFileSync(resolve(root, HELP_CENTER_CATEGORIES), 'utf8'));
  expect(categories.tr?.length).toBeGreaterThan(0);
  expect(categories.en?.length).toBe(categories.tr?.length);
});

it('a category list with a bad slug or an unknown locale names the file and the place', () => {
  expect(() => parseCategories('helpcenter/categories.yaml', 'tr:\n  - slug: Kargo Teslimat\n    title: Kargo\n')).toThrow(
    /helpcenter\/categories\.yaml: "tr\.0\.slug"/,
  );
  expect(() => parseCategories('c.yaml', 'de:\n  - slug: a\n    title: A\n')).toThrow(ArticleValidationError);
});
