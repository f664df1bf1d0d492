/**
 * The fuzzer's long run: the properties of test/unit/fuzz-cases.ts (mutated fixture mails through the
 * parser and the e-mail ingest core; any JSON through the social webhooks and the chat route) with many
 * more cases than CI runs. Writes bench/results/fuzz.json: cases run, failures found (with the seed and
 * path that replay each), time taken. FUZZ_RUNS (default 2000 per property) and FUZZ_SEED choose.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IAsyncProperty } from 'fast-check';

// The functions under test log through Powertools; the run's output is the summary. Set before the
// code under test is loaded (its logger reads these once).
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'DestekFuzz';
const { chatCase, fc, mimeCase, runChatCase, runMimeCase, runSocialCase, socialCase } = await import('#test/unit/fuzz-cases');

const runs = Number(process.env.FUZZ_RUNS ?? 2000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const properties = {
  mime: fc.asyncProperty(mimeCase, runMimeCase),
  social: fc.asyncProperty(socialCase, runSocialCase),
  chat: fc.asyncProperty(chatCase, runChatCase),
};

// Powertools warns on every handler call that no metric was emitted: noise here, not a finding.
console.warn = () => {};

const results: Record<string, unknown> = {};
let failures = 0;
for (const [name, property] of Object.entries(properties)) {
  const start = Date.now();
  const out = await fc.check(property as IAsyncProperty<[unknown]>, { numRuns: runs, seed });
  const failed = out.failed ? 1 : 0;
  failures += failed;
  results[name] = {
    casesRun: out.numRuns,
    failuresFound: failed,
    ms: Date.now() - start,
    ...(out.failed
      ? {
          replay: { seed: out.seed, path: out.counterexamplePath },
          error: String(out.errorInstance).slice(0, 500),
          counterexample: JSON.stringify(out.counterexample).slice(0, 2000),
        }
      : {}),
  };
  console.log(
    `${name}: ${out.numRuns} cases, ${failed ? `FAILED (seed ${out.seed}, path ${out.counterexamplePath}): ${String(out.errorInstance).slice(0, 200)}` : 'no failure'} in ${Date.now() - start} ms`,
  );
}

const dir = resolve(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, 'fuzz.json'),
  `${JSON.stringify({ at: new Date().toISOString(), seed, runsPerProperty: runs, failures, properties: results }, null, 2)}\n`,
);
console.log(`wrote bench/results/fuzz.json (${failures} failing properties)`);
if (failures) process.exitCode = 1;
