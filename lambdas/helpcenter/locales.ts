/** The help center's locales: its own module, so runtime code that only checks a locale loads no article parser (yaml, markdown). */
export const ARTICLE_LOCALES = ['tr', 'en'] as const;
export type ArticleLocale = (typeof ARTICLE_LOCALES)[number];
