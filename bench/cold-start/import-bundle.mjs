// One cold start: a fresh process (started with the function's environment and NODE_OPTIONS) that
// imports the bundle, which runs the handler module's initialisation, then reports and exits.
// cpuMs is the whole process's CPU time so far (Node's own start included), which a busy machine
// stretches less than wall time.
import { pathToFileURL } from 'node:url';

const started = performance.now();
const mod = await import(pathToFileURL(process.argv[2]).href);
if (typeof mod.handler !== 'function') throw new Error(`${process.argv[2]} exports no handler`);
const importMs = performance.now() - started;
const { user, system } = process.cpuUsage();
process.stdout.write(JSON.stringify({ importMs, cpuMs: (user + system) / 1000 }));
process.exit(0);
