import { BROWSER_SCRIPT_OPTIONS } from './browser-script';
import { build, buildSync, type BuildOptions } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArticles, parseCategories, type ArticleSource } from '#helpcenter/article-files';
import { buildSite, type SiteSettings } from '#helpcenter/site';

/**
 * The help center's build: the articles (helpcenter/articles/<locale>/<slug>.md) and the category
 * titles (helpcenter/categories.yaml) checked and rendered to a static site in one directory, with
 * the search script (helpcenter/src/help.ts, minisearch bundled) and the stylesheet. The same for the
 * local web server and for a deployment. Not committed.
 */
export const HELP_CENTER_ARTICLES = 'helpcenter/articles';
export const HELP_CENTER_CATEGORIES = 'helpcenter/categories.yaml';
const SCRIPT_ENTRY = 'helpcenter/src/help.ts';
const STYLESHEET = 'helpcenter/src/site.css';
/** The promise: a page with everything it loads (HTML, CSS, JS, its search index) under this, gzipped. */
export const HELP_CENTER_MAX_PAGE_GZIP_BYTES = 50 * 1024;

export interface HelpCenterBuild {
  readonly projectRoot: string;
  readonly outDir: string;
  /** Where the articles are (default helpcenter/articles under projectRoot); tests point at fixtures. */
  readonly articlesDir?: string;
  readonly categoriesFile?: string;
  /** Intent names the articles may name (the bot definition's); unchecked when absent. */
  readonly knownIntents?: ReadonlySet<string>;
  readonly settings: SiteSettings;
}

/** Every .md under dir, as the author's relative path and text. */
export function readArticleSources(dir: string, root: string): ArticleSource[] {
  if (!existsSync(dir)) return [];
  const out: ArticleSource[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) out.push({ file: relative(root, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

const scriptOptions = (projectRoot: string): BuildOptions => ({
  ...BROWSER_SCRIPT_OPTIONS,
  entryPoints: [join(projectRoot, SCRIPT_ENTRY)],
  write: false,
  tsconfig: join(projectRoot, 'helpcenter', 'tsconfig.json'),
});

export async function bundleHelpScript(projectRoot: string): Promise<string> {
  return (await build(scriptOptions(projectRoot))).outputFiles![0]!.text;
}

/** Builds the site into outDir (emptied first) and returns the files written, relative to it. */
export async function buildHelpCenter(o: HelpCenterBuild): Promise<string[]> {
  return writeSite(o, await bundleHelpScript(o.projectRoot));
}

/** The same build, synchronously, for CDK's synthesis. */
export function buildHelpCenterSync(o: HelpCenterBuild): string[] {
  return writeSite(o, buildSync(scriptOptions(o.projectRoot)).outputFiles![0]!.text);
}

function writeSite(o: HelpCenterBuild, js: string): string[] {
  const articlesDir = o.articlesDir ?? join(o.projectRoot, HELP_CENTER_ARTICLES);
  const categoriesFile = o.categoriesFile ?? join(o.projectRoot, HELP_CENTER_CATEGORIES);
  const articles = parseArticles(readArticleSources(articlesDir, o.projectRoot), o.knownIntents);
  const categories = existsSync(categoriesFile) ? parseCategories(relative(o.projectRoot, categoriesFile), readFileSync(categoriesFile, 'utf8')) : {};
  const css = readFileSync(join(o.projectRoot, STYLESHEET), 'utf8');
  const files = buildSite(articles, categories, o.settings, { css, js });
  rmSync(o.outDir, { recursive: true, force: true });
  for (const [path, content] of files) {
    const target = join(o.outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return [...files.keys()];
}

/** The site's key prefix in its bucket: the path of shop.helpUrl ("https://shop.example/yardim" → "yardim/"), "" at the root. */
export function helpCenterKeyPrefix(helpUrl: string): string {
  return new URL(helpUrl.endsWith('/') ? helpUrl : `${helpUrl}/`).pathname.slice(1);
}

/** The stylesheet's and the script's paths among a build's files: the publisher's pages link the same ones. */
export function siteAssetPaths(files: readonly string[]): { cssPath: string; jsPath: string } {
  const cssPath = files.find((f) => /^assets\/site\.[0-9a-f]+\.css$/.test(f));
  const jsPath = files.find((f) => /^assets\/help\.[0-9a-f]+\.js$/.test(f));
  if (!cssPath || !jsPath) throw new Error('the help center build has no hashed stylesheet or script');
  return { cssPath, jsPath };
}

/** A short hash of a built site's files: changes exactly when the deployment would write something new. */
export function builtSiteHash(dir: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort())
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(join(dir, f)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * The help center's Content-Security-Policy: its own files only, plus what the chat widget needs
 * once a visitor opens it (its script's origin, the chat API and socket).
 */
export function helpCenterContentSecurityPolicy(o: {
  readonly scripts: readonly string[];
  readonly connect: readonly string[];
  /** Where files shown in the chat come from (signed links to the attachments bucket). */
  readonly images?: readonly string[];
}): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${o.scripts.join(' ')}`.trim(),
    "style-src 'self'",
    `img-src 'self' data: blob: ${(o.images ?? []).join(' ')}`.trim(),
    `connect-src 'self' ${o.connect.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}
