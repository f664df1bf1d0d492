/**
 * npm run bench: cold starts. Bundles every function as CDK does (local/bundle.ts), and a hello-world
 * handler the same way; then, round after round, starts a fresh `node` for each with the environment
 * and NODE_OPTIONS it is deployed with, which imports the bundle (the handler module's init runs) and
 * exits. A start's cost is the process's CPU time from its first instruction to the end of the import:
 * on this shared two-core machine wall time mostly measures the neighbours (and a 256 MB Lambda's
 * cold start is CPU-bound too); the wall-time ratio is reported beside it. Median per function, over
 * the hello-world's, is its ratio. Also each bundle's size, what fills it (esbuild's metafile) and the
 * model file's size; each function again bundled and run with observability.traceCalls (the tracer in);
 * and import + first call (cold-start/first-call.ts): traffic through the local stack, every
 * invocation a fresh process, so work moved from the import to the first request still counts.
 * Writes bench/results/cold-start.json.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { MODEL_PATH } from '#brain/load-model';
import { DEFAULT_CONFIG_FILE, loadConfig } from '#config/config';
import { runtimeSettings } from '#config/settings';
import { functionDefinitions, type FunctionName } from '#definitions/functions';
import { esbuildOptions } from '#local/bundle';
import { freshInvocation, measureFirstCalls, type FirstCallSample } from './cold-start/first-call';
import { benchFunctionEnvs } from './function-envs';

const RUNS = Number(process.env.BENCH_COLD_STARTS ?? 21);
/** Rounds of traffic through the local stack for import + first call (0: skip it). */
const FIRST_CALL_ROUNDS = Number(process.env.BENCH_FIRST_CALL_ROUNDS ?? 5);
/** BENCH_FUNCTIONS=emailIngest,sender: only those (with the hello-world); the results file is then not written. */
const ONLY = (process.env.BENCH_FUNCTIONS ?? '').split(',').filter(Boolean);
const TARGET_RATIO = 2;
const PIPELINE_TARGET_RATIO = 2.5;
const MODEL_MAX_BYTES = 1024 * 1024;
const HELLO = 'helloWorld';
const TRACE_CALLS = ':traceCalls';
const root = resolve(import.meta.dirname, '..');
const run = promisify(execFile);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** The environment a function is deployed with; the AWS endpoints point nowhere (nothing is called at init). */
export function deployedEnv(name: string, memoryMb: number): Record<string, string> {
  const config = loadConfig(DEFAULT_CONFIG_FILE, root);
  const local =
    benchFunctionEnvs({
      config,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'cold', secretAccessKey: 'start' },
      queues: { inbound: queue('inbound'), outbound: queue('outbound'), social: queue('social') },
    })[name as FunctionName] ?? {};
  const deployed = runtimeSettings(config);
  // As in Lambda: its variables, and tracing and NODE_OPTIONS as the configuration deploys them.
  const { NODE_OPTIONS: _localNodeOptions, ...rest } = local;
  return {
    PATH: process.env.PATH ?? '',
    ...rest,
    POWERTOOLS_TRACE_ENABLED: deployed.POWERTOOLS_TRACE_ENABLED!,
    ...(deployed.NODE_OPTIONS ? { NODE_OPTIONS: deployed.NODE_OPTIONS } : {}),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
  };
}

function queue(name: string) {
  return {
    url: `http://127.0.0.1:1/000000000000/${name}.fifo`,
    arn: `arn:aws:sqs:eu-central-1:000000000000:${name}.fifo`,
    dlqArn: `arn:aws:sqs:eu-central-1:000000000000:${name}-dlq.fifo`,
  };
}

/** The bytes a fresh import reads: the entry and the chunks it imports statically (the others load on demand). */
function importedBytes(meta: Metafile, outfile: string): number {
  const outputs = Object.entries(meta.outputs);
  const entry = outputs.find(([path]) => outfile.endsWith(path) || resolve(path) === outfile)?.[0];
  const read = new Set<string>();
  const pending = entry ? [entry] : [];
  while (pending.length) {
    const chunk = pending.pop()!;
    if (read.has(chunk)) continue;
    read.add(chunk);
    pending.push(...meta.outputs[chunk]!.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => i.path));
  }
  return [...read].reduce((sum, chunk) => sum + meta.outputs[chunk]!.bytes, 0);
}

/** The packages (or project folders) that take the most room in a bundle. */
function heaviest(meta: Metafile, top = 6): Record<string, number> {
  const by = new Map<string, number>();
  for (const out of Object.values(meta.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(out.inputs)) {
      const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? path.split('/').slice(0, 2).join('/');
      by.set(pkg, (by.get(pkg) ?? 0) + bytesInOutput);
    }
  }
  return Object.fromEntries([...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, top));
}

interface Row {
  /** CPU time of a start over the hello-world's started just before it (median of the pairs). */
  readonly ratioToHelloWorld: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly wallRatio: number;
  readonly importMs: number;
  /** The entry and every chunk beside it. */
  readonly bundleBytes: number;
  /** What the import reads: the entry and the chunks it imports statically. */
  readonly importBytes: number;
  readonly target: number;
  readonly met: boolean;
  /** The same with observability.traceCalls on (the Powertools tracer and aws-xray-sdk-core loaded). */
  readonly ratioWithTraceCalls?: number;
  /**
   * Import and the first request in one fresh process (median CPU ms and its ratio to the
   * hello-world's import + first call), where the benchmark's traffic reaches the function.
   */
  readonly firstCall?: { readonly cpuMs: number; readonly ratioToHelloWorld: number; readonly samples: number };
  readonly heaviest: Record<string, number>;
}

interface Subject {
  readonly name: string;
  readonly bundle: string;
  readonly bytes: number;
  readonly importBytes: number;
  readonly heaviest: Record<string, number>;
  readonly env: Record<string, string>;
}

/** A function bundled as the configuration deploys it, or (traceCalls) as it is with the tracer. */
async function bundle(dir: string, name: string, entry: string, memoryMb: number, traceCalls?: boolean): Promise<Subject> {
  const outfile = join(dir, traceCalls === undefined ? name : `${name}${TRACE_CALLS}`, 'index.mjs');
  const { observability } = loadConfig(DEFAULT_CONFIG_FILE, root);
  const o = { sourceMaps: observability.sourceMaps, traceCalls: traceCalls ?? (observability.tracing && observability.traceCalls) };
  const result = await build({ ...esbuildOptions(entry, outfile, o, root), metafile: true });
  const meta = result.metafile!;
  const bytes = Object.values(meta.outputs).reduce((sum, out) => sum + out.bytes, 0);
  return { name, bundle: outfile, bytes, importBytes: importedBytes(meta, outfile), heaviest: heaviest(meta), env: deployedEnv(name, memoryMb) };
}

interface Start {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly importMs: number;
}

/** One fresh process: wall time from spawn to exit; its CPU time and the import's time, as it reports them. */
async function coldStart(s: Subject): Promise<Start> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [join(root, 'bench/cold-start/import-bundle.mjs'), s.bundle], { env: s.env, maxBuffer: 1 << 20 });
  const wallMs = performance.now() - started;
  const reported = JSON.parse(stdout.slice(stdout.lastIndexOf('{'))) as { importMs: number; cpuMs: number };
  return { wallMs, ...reported };
}

export async function runColdStartBench() {
  const dir = mkdtempSync(join(tmpdir(), 'destek-cold-'));
  try {
    const names = (Object.keys(functionDefinitions) as FunctionName[]).filter((n) => ONLY.length === 0 || ONLY.includes(n));
    const subjects = [
      await bundle(dir, HELLO, join(root, 'bench/cold-start/hello-world.ts'), 256),
      ...(await Promise.all(names.map((n) => bundle(dir, n, join(root, functionDefinitions[n].entry), functionDefinitions[n].memoryMb)))),
    ];
    // Each function also with observability.traceCalls on, the tracer loaded (the default leaves it out).
    const traceCalls = await Promise.all(
      names.map(async (n) => {
        const s = await bundle(dir, n, join(root, functionDefinitions[n].entry), functionDefinitions[n].memoryMb, true);
        return { ...s, name: `${n}${TRACE_CALLS}`, env: { ...s.env, POWERTOOLS_TRACE_ENABLED: 'true' } };
      }),
    );
    const runs = [...subjects, ...traceCalls];
    const times = new Map(runs.map((s) => [s.name, [] as Start[]]));
    const ratios = new Map(runs.map((s) => [s.name, [] as number[]]));
    // One warm-up round fills the disk cache; then rounds interleave the functions, so a busy moment
    // of this shared machine falls on all of them alike. Each start is paired with a hello-world start
    // just before it, and the ratio is the median of the pairs' ratios: the machine's pace drifts over
    // a run, which a ratio of two medians taken minutes apart carries into the figure.
    for (const s of runs) await coldStart(s);
    const hello = subjects[0]!;
    for (let r = 0; r < RUNS; r++) {
      for (const s of runs.slice(1)) {
        const [base, start] = [await coldStart(hello), await coldStart(s)];
        times.get(HELLO)!.push(base);
        times.get(s.name)!.push(start);
        ratios.get(s.name)!.push(start.cpuMs / base.cpuMs);
      }
    }
    const med = (name: string, k: keyof Start) => median(times.get(name)!.map((t) => t[k]));
    const pairedRatio = (name: string) => (name === HELLO ? 1 : round(median(ratios.get(name)!)));
    const firstCalls = FIRST_CALL_ROUNDS > 0 ? await firstCallCpu(subjects[0]!) : undefined;
    const functions: Record<string, Row> = Object.fromEntries(
      subjects.map((s) => {
        const target = s.name === 'pipeline' ? PIPELINE_TARGET_RATIO : s.name === HELLO ? 1 : TARGET_RATIO;
        const ratioToHelloWorld = pairedRatio(s.name);
        const row: Row = {
          ratioToHelloWorld,
          cpuMs: round(med(s.name, 'cpuMs'), 1),
          wallMs: round(med(s.name, 'wallMs'), 1),
          wallRatio: round(med(s.name, 'wallMs') / med(HELLO, 'wallMs')),
          importMs: round(med(s.name, 'importMs'), 1),
          bundleBytes: s.bytes,
          importBytes: s.importBytes,
          target,
          met: ratioToHelloWorld <= target,
          ...(s.name === HELLO ? {} : { ratioWithTraceCalls: pairedRatio(`${s.name}${TRACE_CALLS}`) }),
          ...(firstCalls?.get(s.name) ? { firstCall: firstCalls.get(s.name)! } : {}),
          heaviest: s.heaviest,
        };
        return [s.name, row];
      }),
    );
    const modelBytes = statSync(join(root, MODEL_PATH)).size;
    return {
      when: new Date().toISOString(),
      runs: RUNS,
      node: process.version,
      nodeOptions: subjects[1]!.env.NODE_OPTIONS ?? '',
      functions,
      modelBytes,
      modelTarget: { maxBytes: MODEL_MAX_BYTES, met: modelBytes <= MODEL_MAX_BYTES },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Import + first call per function (cold-start/first-call.ts), over the hello-world's import + first
 * call, each function with the environment and NODE_OPTIONS it is deployed with.
 */
async function firstCallCpu(hello: Subject): Promise<Map<string, NonNullable<Row['firstCall']>>> {
  const config = loadConfig(DEFAULT_CONFIG_FILE, root);
  const deployed = runtimeSettings(config);
  const helloSamples: FirstCallSample[] = [];
  for (let i = 0; i < Math.max(RUNS, 5); i++) helloSamples.push(await freshInvocation(root, hello.bundle, HELLO, 256, hello.env, {}));
  const helloCpu = median(helloSamples.map((x) => x.firstCallCpuMs));
  const samples = await measureFirstCalls(root, FIRST_CALL_ROUNDS, (name) => ({
    POWERTOOLS_TRACE_ENABLED: deployed.POWERTOOLS_TRACE_ENABLED!,
    // Lambda publishes the metrics (the local stack switches them off).
    POWERTOOLS_METRICS_DISABLED: 'false',
    NODE_OPTIONS: deployed.NODE_OPTIONS ?? '',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(functionDefinitions[name].memoryMb),
  }));
  const out = new Map<string, NonNullable<Row['firstCall']>>([[HELLO, { cpuMs: round(helloCpu, 1), ratioToHelloWorld: 1, samples: helloSamples.length }]]);
  for (const [name, xs] of samples) {
    const cpu = median(xs.map((x) => x.firstCallCpuMs));
    out.set(name, { cpuMs: round(cpu, 1), ratioToHelloWorld: round(cpu / helloCpu), samples: xs.length });
  }
  return out;
}

type Result = Awaited<ReturnType<typeof runColdStartBench>>;

export function printColdStart(r: Result) {
  console.log(
    `\nCold starts (${r.runs} fresh processes each, medians; × hello is CPU time, the median over pairs with a hello-world start just before; NODE_OPTIONS "${r.nodeOptions}")\n`,
  );
  const rows = Object.entries(r.functions);
  console.table(
    Object.fromEntries(
      rows.map(([name, v]) => [
        name,
        {
          'CPU (ms)': v.cpuMs,
          '× hello': v.ratioToHelloWorld,
          target: v.target,
          met: v.met,
          'traceCalls × hello': v.ratioWithTraceCalls ?? '',
          'import + 1st call × hello': v.firstCall?.ratioToHelloWorld ?? '',
          'wall (ms)': v.wallMs,
          'wall × hello': v.wallRatio,
          'import (ms)': v.importMs,
          'bundle (kB)': round(v.bundleBytes / 1024, 0),
          'imported (kB)': round(v.importBytes / 1024, 0),
        },
      ]),
    ),
  );
  console.log(`model file: ${r.modelBytes} bytes (target ≤ ${r.modelTarget.maxBytes}: ${r.modelTarget.met ? 'met' : 'not met'})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runColdStartBench();
  printColdStart(r);
  if (ONLY.length > 0) process.exit(0);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  // Each function's figures at the top level, by its name, beside the run's facts and the model's size.
  const { functions, ...rest } = r;
  writeFileSync(join(root, 'bench/results/cold-start.json'), `${JSON.stringify({ ...rest, ...functions }, null, 2)}\n`);
  console.log('written to bench/results/cold-start.json');
}
