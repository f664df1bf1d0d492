// Rewrites relative imports into the subpath aliases of package.json "imports" (#core/…, #adapters/…):
// every parent path (../) and every relative path that crosses into another alias's folder. Imports of
// a sibling in the same folder (./x) stay relative. Safe to run again: a second run changes nothing.
//
//   npm run aliases                      rewrite every tracked source file (tsx scripts/aliases.ts)
//   npx tsx scripts/aliases.ts --check   list what would change, exit 1 if anything would
//   npx tsx scripts/aliases.ts FILE...   only these files
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const TRY_SUFFIXES = ['', '.ts', '.tsx', '.mts', '.js', '.mjs', '/index.ts'];

/** One entry of "imports", split around its "*": "#core/*" → "./lambdas/core/*.ts". */
export interface AliasPattern {
  key: string;
  wildcard: boolean;
  keyPrefix: string;
  keySuffix: string;
  /** For an exact alias, the whole target path (from the project root, no "./"). */
  targetPrefix: string;
  targetSuffix: string;
}

export function aliasPatterns(imports: Record<string, unknown>): AliasPattern[] {
  return Object.entries(imports)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([key, target]) => {
      const [keyPrefix = '', keySuffix = ''] = key.split('*');
      const [targetPrefix = '', targetSuffix = ''] = target.replace(/^\.\//, '').split('*');
      return { key, wildcard: key.includes('*'), keyPrefix, keySuffix, targetPrefix, targetSuffix };
    });
}

export function projectAliases(root = projectRoot): AliasPattern[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { imports?: Record<string, unknown> };
  return aliasPatterns(pkg.imports ?? {});
}

/** Where Node sends an alias: an exact key first, then the longest part before "*", then the longest key. */
export function resolveAlias(patterns: AliasPattern[], specifier: string): string | undefined {
  const p = patterns
    .filter((c) =>
      c.wildcard
        ? specifier.startsWith(c.keyPrefix) && specifier.endsWith(c.keySuffix) && specifier.length > c.keyPrefix.length + c.keySuffix.length
        : specifier === c.key,
    )
    .sort((a, b) => Number(a.wildcard) - Number(b.wildcard) || b.keyPrefix.length - a.keyPrefix.length || b.key.length - a.key.length)[0];
  if (!p) return undefined;
  if (!p.wildcard) return p.targetPrefix;
  return p.targetPrefix + specifier.slice(p.keyPrefix.length, specifier.length - p.keySuffix.length) + p.targetSuffix;
}

/** The alias that names a file (a path from the project root), checked by resolving it back. */
export function aliasFor(patterns: AliasPattern[], file: string): string | undefined {
  const candidates: { p: AliasPattern; specifier: string }[] = [];
  for (const p of patterns) {
    if (!p.wildcard) {
      if (p.targetPrefix === file) candidates.push({ p, specifier: p.key });
    } else if (file.startsWith(p.targetPrefix) && file.endsWith(p.targetSuffix) && file.length > p.targetPrefix.length + p.targetSuffix.length) {
      candidates.push({ p, specifier: p.keyPrefix + file.slice(p.targetPrefix.length, file.length - p.targetSuffix.length) + p.keySuffix });
    }
  }
  candidates.sort((a, b) => b.p.targetPrefix.length - a.p.targetPrefix.length || b.p.targetSuffix.length - a.p.targetSuffix.length);
  return candidates.map((c) => c.specifier).find((s) => resolveAlias(patterns, s) === file);
}

/** The folder an alias covers that holds this file ("lambdas/core/"), or the file itself for an exact alias. */
function homeOf(patterns: AliasPattern[], file: string): string | undefined {
  return patterns
    .filter((p) => (p.wildcard ? file.startsWith(p.targetPrefix) : p.targetPrefix === file))
    .sort((a, b) => b.targetPrefix.length - a.targetPrefix.length)[0]?.targetPrefix;
}

function resolveRelative(root: string, fromFile: string, specifier: string): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  return TRY_SUFFIXES.map((suffix) => base + suffix).find((candidate) => {
    const abs = join(root, candidate);
    return existsSync(abs) && statSync(abs).isFile();
  });
}

/** The string literals that name a module: import/export … from, import(), import type, typeof import(). */
function moduleSpecifiers(file: string, text: string): { text: string; start: number; end: number }[] {
  const kind = /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const found: ts.StringLiteralLike[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found.map((lit) => ({ text: lit.text, start: lit.getStart(sf) + 1, end: lit.getEnd() - 1 }));
}

export interface Rewritten {
  text: string;
  changed: number;
  /** Relative imports that leave their folder but name a file no alias covers. */
  unaliased: string[];
}

/** The file's text (its path from the project root) with its relative imports rewritten to aliases. */
export function rewrite(patterns: AliasPattern[], file: string, text: string, root = projectRoot): Rewritten {
  const home = homeOf(patterns, file);
  const edits: { start: number; end: number; replacement: string }[] = [];
  const unaliased: string[] = [];
  for (const spec of moduleSpecifiers(file, text)) {
    if (!spec.text.startsWith('.')) continue;
    const target = resolveRelative(root, file, spec.text);
    if (!target || (!spec.text.startsWith('../') && homeOf(patterns, target) === home)) continue;
    const alias = aliasFor(patterns, target);
    if (alias) edits.push({ ...spec, replacement: alias });
    else unaliased.push(`${file}: ${spec.text} (${target} has no alias in package.json "imports")`);
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.replacement + out.slice(e.end);
  return { text: out, changed: edits.length, unaliased };
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const named = argv.filter((a) => !a.startsWith('--'));
  const patterns = projectAliases();
  const files = named.length
    ? named.map((f) => relative(projectRoot, resolve(f)).split('\\').join('/'))
    : execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: projectRoot, encoding: 'utf8' })
        .split('\n')
        .filter((f) => SOURCE.test(f) && existsSync(join(projectRoot, f)));
  let changedFiles = 0;
  let changedImports = 0;
  for (const file of files) {
    const abs = join(projectRoot, file);
    const result = rewrite(patterns, file, readFileSync(abs, 'utf8'));
    for (const line of result.unaliased) console.error(`left relative: ${line}`);
    if (!result.changed) continue;
    changedFiles++;
    changedImports += result.changed;
    if (check) console.log(`${file}: ${result.changed} import(s) to rewrite`);
    else writeFileSync(abs, result.text);
  }
  console.log(`${check ? 'would rewrite' : 'rewrote'} ${changedImports} import(s) in ${changedFiles} file(s)`);
  return check && changedFiles ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
