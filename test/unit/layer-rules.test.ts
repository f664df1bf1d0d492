import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layers' rules (biome.jsonc) against small modules placed where each layer lives, in a copy of
 * the lint configuration: a rule that a later override silently replaced, or a glob that stopped
 * matching, fails here rather than letting a forbidden import through.
 */
const root = resolve(import.meta.dirname, '../..');
const biome = join(root, 'node_modules/.bin/biome');

const RESTRICTED = 'lint/style/noRestrictedImports';
const ENV = 'lint/style/noProcessEnv';
const KEY_FORMAT = 'plugin';
// biome-ignore lint/suspicious/noTemplateCurlyInString: the probe's source holds a template literal.
const TICKET_KEY = 'export const probe = (n: number) => `TICKET#${n}`;\n';

const probes: { name: string; file: string; source: string; expected: string[] }[] = [
  { name: 'the core importing an adapter', file: 'lambdas/core/p1.ts', source: use('#adapters/dynamo-store'), expected: [RESTRICTED] },
  { name: 'the core importing the AWS SDK', file: 'lambdas/core/p2.ts', source: use('@aws-sdk/client-dynamodb'), expected: [RESTRICTED] },
  { name: 'the core reading the environment', file: 'lambdas/core/p3.ts', source: 'export const probe = process.env.X;\n', expected: [ENV] },
  { name: 'the bot importing a core type', file: 'lambdas/brain/p1.ts', source: useType('#core/model'), expected: [RESTRICTED] },
  { name: 'the bot importing an adapter', file: 'lambdas/brain/p2.ts', source: use('#adapters/lex-client'), expected: [RESTRICTED] },
  { name: 'a channel importing an adapter', file: 'lambdas/channels/email/p1.ts', source: use('#adapters/email-store'), expected: [RESTRICTED] },
  { name: 'a channel importing runtime configuration', file: 'lambdas/channels/social/p2.ts', source: use('#config/env'), expected: [RESTRICTED] },
  { name: 'a channel reading the environment', file: 'lambdas/channels/p3.ts', source: 'export const probe = (env = process.env) => env;\n', expected: [ENV] },
  { name: 'the agent API importing the table keys', file: 'lambdas/agent/routes/p1.ts', source: use('#adapters/table-keys'), expected: [RESTRICTED] },
  {
    name: 'the agent API importing a key builder from the core',
    file: 'lambdas/agent/p2.ts',
    source: "import { interactionKey } from '#core/plan-inbound';\nexport const probe = [interactionKey];\n",
    expected: [RESTRICTED],
  },
  {
    name: 'the agent API writing a key format',
    file: 'lambdas/agent/p3.ts',
    source: TICKET_KEY,
    expected: [KEY_FORMAT],
  },
  {
    name: 'a channel parsing a key format',
    file: 'lambdas/channels/chat/p4.ts',
    source: "export const probe = (k: string) => k.slice('INTERACTION#'.length);\n",
    expected: [KEY_FORMAT],
  },
  { name: 'CDK importing a channel module', file: 'lib/constructs/p1.ts', source: use('#channels/social/secrets'), expected: [RESTRICTED] },
  { name: 'CDK importing the core', file: 'lib/p2.ts', source: use('#core/messages'), expected: [RESTRICTED] },
  { name: 'definitions importing a runtime module', file: 'lambdas/definitions/p1.ts', source: use('#core/messages'), expected: [RESTRICTED] },
  { name: 'a handler importing CDK', file: 'lambdas/handlers/p1.ts', source: use('aws-cdk-lib'), expected: [RESTRICTED] },
  { name: 'an adapter importing a handler', file: 'lambdas/adapters/p1.ts', source: use('#handlers/pipeline'), expected: [RESTRICTED] },
  { name: 'a test importing by a parent path', file: 'test/unit/p1.test.ts', source: use('../../lambdas/core/messages'), expected: [RESTRICTED] },
  { name: 'a sibling import inside a layer', file: 'lambdas/core/p4.ts', source: use('./messages'), expected: [] },
  { name: 'the core calling the bot', file: 'lambdas/core/p5.ts', source: use('#brain/recognizer'), expected: [] },
  { name: 'a channel using the message key of the core', file: 'lambdas/channels/social/p5.ts', source: use('#core/messages', 'messageKey'), expected: [] },
  { name: 'the agent API naming an interaction by the core', file: 'lambdas/agent/p6.ts', source: use('#core/model', 'interactionId'), expected: [] },
  {
    name: 'CDK importing definitions and configuration',
    file: 'lib/constructs/p3.ts',
    source: use('#definitions/table') + use('#config/config', 'b'),
    expected: [],
  },
  {
    name: 'a handler building SDK clients and adapters',
    file: 'lambdas/handlers/p2.ts',
    source: use('@aws-sdk/client-s3') + use('#adapters/dynamo-store', 'b'),
    expected: [],
  },
  { name: 'an adapter writing a key format', file: 'lambdas/adapters/p2.ts', source: TICKET_KEY, expected: [] },
];

function use(specifier: string, name = 'a'): string {
  return `import { ${name} } from '${specifier}';\nexport const probe_${name} = [${name}];\n`;
}

function useType(specifier: string): string {
  return `import type { T } from '${specifier}';\nexport type Probe = T;\n`;
}

let dir: string;
let found: Map<string, string[]>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'destek-layers-'));
  cpSync(join(root, 'biome.jsonc'), join(dir, 'biome.jsonc'));
  mkdirSync(join(dir, 'scripts'));
  cpSync(join(root, 'scripts/table-keys.grit'), join(dir, 'scripts/table-keys.grit'));
  for (const p of probes) {
    mkdirSync(dirname(join(dir, p.file)), { recursive: true });
    writeFileSync(join(dir, p.file), p.source);
  }
  let report: string;
  try {
    report = execFileSync(biome, ['lint', '--vcs-enabled=false', '--reporter=github', '--max-diagnostics=none', '.'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (e) {
    report = (e as { stdout?: string }).stdout ?? '';
  }
  found = new Map();
  for (const m of report.matchAll(/^::\w+ title=([^,]+),file=([^,]+),/gm)) {
    const file = resolve(m[2]!).slice(dir.length + 1);
    found.set(file, [...(found.get(file) ?? []), m[1]!]);
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the linter enforces the layers', () => {
  for (const p of probes) {
    it(`${p.expected.length ? 'rejects' : 'allows'} ${p.name}`, () => {
      expect(found.get(p.file) ?? []).toEqual(p.expected);
    });
  }
});
