import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_MAX_BYTES, TEMPLATE_MAX_RESOURCES } from './template-bounds';

/**
 * `npx cdk synth` as a team runs it: the CDK CLI, which runs bin/app.ts with cdk-nag, bundles every
 * function and, given an account and a region, synthesises for that concrete environment.
 */
const projectRoot = resolve(import.meta.dirname, '../..');
const ACCOUNT = '123456789012';

interface Synth {
  readonly code: number | null;
  readonly output: string;
  readonly outdir: string;
  readonly seconds: number;
}

const environments: Record<string, Record<string, string>> = {
  'eu-central-1': { AWS_REGION: 'eu-central-1', CDK_DEFAULT_ACCOUNT: ACCOUNT, CDK_DEFAULT_REGION: 'eu-central-1' },
  'us-east-1': { AWS_REGION: 'us-east-1', CDK_DEFAULT_ACCOUNT: ACCOUNT, CDK_DEFAULT_REGION: 'us-east-1' },
  'no environment': {},
};

function cdkSynth(outdir: string, environment: Record<string, string>): Promise<Synth> {
  // Hermetic: account and region come only from `environment`, never from a profile or instance role
  // of the machine running the tests.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  for (const name of [
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'CDK_DEFAULT_ACCOUNT',
    'CDK_DEFAULT_REGION',
  ]) {
    delete env[name];
  }
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn('npx', ['cdk', 'synth', '--quiet', '-o', outdir], { cwd: projectRoot, env: { ...env, ...environment } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output, outdir, seconds: (Date.now() - started) / 1000 }));
  });
}

function templatesOf(outdir: string): string[] {
  return readdirSync(outdir)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => join(outdir, f));
}

const scratch = mkdtempSync(join(tmpdir(), 'destek-cli-synth-'));
const synths: Record<string, Synth> = {};

beforeAll(async () => {
  // In parallel: bundling and validation of one synth overlap with the others' process start-up.
  const results = await Promise.all(Object.entries(environments).map(async ([name, env], i) => [name, await cdkSynth(join(scratch, `out${i}`), env)] as const));
  for (const [name, result] of results) synths[name] = result;
  console.info(`npx cdk synth, three in parallel: ${results.map(([name, r]) => `${name} ${r.seconds.toFixed(0)} s`).join(', ')}`);
}, 900_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(Object.keys(environments))('npx cdk synth (%s)', (name) => {
  it('exits 0 with no cdk-nag error or warning', () => {
    const { code, output } = synths[name]!;
    expect(output).not.toMatch(/\bERROR\b|WARNING|AwsSolutions-|Synthesis finished with errors/);
    expect(code, output).toBe(0);
  });

  // Without credentials or a region the CLI still picks its default region (us-east-1); the account stays unknown.
  it(name === 'no environment' ? 'synthesises without an account' : `synthesises for account ${ACCOUNT} in ${name}`, () => {
    const manifest = JSON.parse(readFileSync(join(synths[name]!.outdir, 'manifest.json'), 'utf8'));
    const stacks = Object.values(manifest.artifacts as Record<string, { type: string; environment: string }>).filter(
      (a) => a.type === 'aws:cloudformation:stack',
    );
    expect(stacks.map((s) => s.environment)).toEqual([
      name === 'no environment' ? expect.stringMatching(/^aws:\/\/unknown-account\//) : `aws://${ACCOUNT}/${name}`,
    ]);
  });

  it("ships the pipeline's model parts beside its bundle in one code asset", () => {
    const { outdir } = synths[name]!;
    const assets = readdirSync(outdir)
      .filter((f) => f.startsWith('asset.') && statSync(join(outdir, f)).isDirectory())
      .map((f) => readdirSync(join(outdir, f)));
    const withModel = assets.filter((files) => files.some((f) => /^intent-weights-\w+\.bin$/.test(f)));
    expect(withModel).toHaveLength(1);
    expect(withModel[0]!.map((f) => f.replace(/-\w+\.(bin|txt)$/, '.$1')).sort()).toEqual([
      'index.mjs',
      'intent-features.txt',
      'intent-weights.bin',
      'language-features.txt',
      'language-loglikelihoods.bin',
    ]);
  });

  it(`keeps every template within ${TEMPLATE_MAX_BYTES} bytes and ${TEMPLATE_MAX_RESOURCES} resources`, () => {
    for (const file of templatesOf(synths[name]!.outdir)) {
      expect(statSync(file).size, file).toBeLessThanOrEqual(TEMPLATE_MAX_BYTES);
      expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).Resources).length, file).toBeLessThanOrEqual(TEMPLATE_MAX_RESOURCES);
    }
  });
});

describe('cfn-lint on the synthesised templates', () => {
  it('reports no errors (with and without an environment)', () => {
    if (spawnSync('cfn-lint', ['--version']).error) {
      // CI machines have it; a developer machine without it still runs every other check.
      console.warn('cfn-lint is not installed (pip install cfn-lint): the CloudFormation linter check did not run');
      return;
    }
    const templates = [...templatesOf(synths['eu-central-1']!.outdir), ...templatesOf(synths['no environment']!.outdir)];
    expect(templates).toHaveLength(2);
    const lint = spawnSync('cfn-lint', ['--format', 'json', ...templates], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const matches = JSON.parse(lint.stdout) as { Level: string; Rule: { Id: string }; Message: string; Location: { Path: unknown[] } }[];
    const errors = matches.filter((m) => m.Level === 'Error').map((m) => `${m.Rule.Id} ${m.Location.Path.join('/')}: ${m.Message}`);
    expect(errors).toEqual([]);
  }, 300_000);
});
