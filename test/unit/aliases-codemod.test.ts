import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aliasFor, projectAliases, projectRoot, resolveAlias, rewrite } from '#scripts/aliases';

const patterns = projectAliases();

describe('the subpath aliases', () => {
  const specifiers = [
    '#core/errors',
    '#definitions/bot/load',
    '#definitions/demo-orders.json',
    '#observability',
    '#widget/protocol',
    '#destek.config.json',
    '#cli/main',
  ];

  it('name the files Node itself resolves them to', () => {
    const script = 'for (const s of JSON.parse(process.argv[1])) console.log(import.meta.resolve(s))';
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(specifiers)], { cwd: projectRoot, encoding: 'utf8' });
    const byNode = out
      .trim()
      .split('\n')
      .map((url) => fileURLToPath(url).slice(projectRoot.length + 1));
    expect(specifiers.map((s) => resolveAlias(patterns, s))).toEqual(byNode);
    for (const file of byNode) expect(existsSync(join(projectRoot, file))).toBe(true);
  });

  it('point every wildcard at a folder that exists', () => {
    for (const p of patterns.filter((p) => p.wildcard)) expect(existsSync(join(projectRoot, p.targetPrefix)), p.key).toBe(true);
  });

  it('give a JSON file its own pattern rather than a .ts one', () => {
    expect(aliasFor(patterns, 'lambdas/definitions/demo-orders.json')).toBe('#definitions/demo-orders.json');
    expect(aliasFor(patterns, 'lambdas/definitions/bot/load.ts')).toBe('#definitions/bot/load');
  });
});

describe('the alias codemod', () => {
  it('rewrites parent paths and keeps sibling imports relative', () => {
    const source = [
      "import { NotFoundError } from '../../core/errors';",
      "import { csatRequest } from '../csat';",
      "import { sibling } from './tickets';",
      "export * from '../../definitions/table';",
      "import demo from '../../definitions/demo-orders.json';",
      "const lazy = () => import('../../core/messages');",
      "type Ports = typeof import('../ports');",
    ].join('\n');
    const out = rewrite(patterns, 'lambdas/agent/routes/probe.ts', source);
    expect(out.text.split('\n')).toEqual([
      "import { NotFoundError } from '#core/errors';",
      "import { csatRequest } from '#agent/csat';",
      "import { sibling } from './tickets';",
      "export * from '#definitions/table';",
      "import demo from '#definitions/demo-orders.json';",
      "const lazy = () => import('#core/messages');",
      "type Ports = typeof import('#agent/ports');",
    ]);
    expect(out.changed).toBe(6);
  });

  it('rewrites a ./ path that reaches into another alias’s folder', () => {
    const out = rewrite(patterns, 'lambdas/observability.ts', "import type { Channel } from './core/messages';");
    expect(out.text).toBe("import type { Channel } from '#core/messages';");
  });

  it('changes nothing on a second run', () => {
    const once = rewrite(
      patterns,
      'test/unit/probe.test.ts',
      "import { a } from '../../lambdas/core/errors';\nimport { b } from '../fixtures/email/generate/mime';",
    );
    expect(once.text).toBe("import { a } from '#core/errors';\nimport { b } from '#test/fixtures/email/generate/mime';");
    expect(rewrite(patterns, 'test/unit/probe.test.ts', once.text)).toMatchObject({ text: once.text, changed: 0 });
  });

  it('leaves an import of a file no alias covers, and says so', () => {
    const out = rewrite(patterns, 'test/unit/probe.test.ts', "import x from '../../bench/brain';");
    expect(out.changed).toBe(0);
    expect(out.unaliased).toEqual([expect.stringContaining('bench/brain.ts has no alias')]);
  });
});
