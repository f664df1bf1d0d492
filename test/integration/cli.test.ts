import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from './helpers';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'bin/destek.js');

function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exit, out: () => stdout, err: () => stderr };
}

const portOpen = (port: number) =>
  new Promise<boolean>((r) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), r(true)));
    s.once('error', () => r(false));
  });

const freePorts = [
  '--api-port',
  '0',
  '--dynamodb-port',
  '0',
  '--sqs-port',
  '0',
  '--s3-port',
  '0',
  '--ses-port',
  '0',
  '--lex-port',
  '0',
  '--smtp-port',
  '0',
  '--social-port',
  '0',
  '--ws-port',
  '0',
  '--web-port',
  '0',
  '--scheduler-port',
  '0',
  '--lambda-port',
  '0',
  '--secrets-port',
  '0',
  '--live-port',
  '0',
  '--events-port',
  '0',
];

describe('destek start', () => {
  it('starts everything, writes what runs where, and Ctrl-C leaves no process or port behind', async () => {
    const infoFile = join(mkdtempSync(join(tmpdir(), 'destek-cli-')), 'local.json');
    const p = run(['start', '--quiet', '--info-file', infoFile, ...freePorts]);
    const info = await eventually(async () => (existsSync(infoFile) ? JSON.parse(readFileSync(infoFile, 'utf8')) : undefined), 150_000, 'local.json');
    // The file is written just before the summary is printed; the pipe may deliver it a moment later.
    // Its last line is the one readiness line a script waits for.
    await eventually(async () => (/^Ready: .*Ctrl-C stops everything\.$/m.test(p.out()) ? true : undefined), 5000, 'the readiness line');
    expect(p.out().match(/^Ready: /gm)).toHaveLength(1);
    expect(p.out()).toContain(info.agentToken);
    expect(p.out()).toContain(info.consoleUrl);
    expect(p.out()).toContain(info.api);
    expect(p.out()).toContain(info.scheduler);
    // The agents' live socket: printed, and the console's config names it.
    expect(p.out()).toContain(info.agentLive);
    expect(p.out()).toContain(info.events);
    // The demo shop page, where the chat widget can be tried, is printed and served.
    expect(p.out()).toContain(info.demoPage);
    expect((await fetch(info.demoPage)).status).toBe(200);
    const r = await fetch(`${info.api}/tickets`, { headers: { authorization: `Bearer ${info.agentToken}` } });
    expect(r.status).toBe(200);
    const ports = ['api', 'dynamodb', 'sqs', 's3', 'ses', 'lex', 'socialProvider', 'websocket', 'web', 'events'].map((k) => Number(new URL(info[k]).port));
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
    for (const port of ports) expect(await portOpen(port), `port ${port}`).toBe(false);
  }, 180_000);

  it('a port in use stops it with one clear line and a non-zero exit', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as { port: number }).port;
    const p = run(['start', '--api-port', String(port)]);
    const code = await p.exit;
    blocker.close();
    expect(code).not.toBe(0);
    expect(p.err().trim()).toBe(`destek: port ${port} (api) is in use: stop what uses it or choose another port (see destek start --help)`);
  });

  it('without Java it says what to install, in one line', async () => {
    const p = run(['start', ...freePorts], { ...process.env, PATH: '/nonexistent' });
    expect(await p.exit).not.toBe(0);
    const lines = p
      .err()
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('destek:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^destek: Java 17 or newer is needed .* apt-get install/);
  });

  it('every subcommand has --help, and a wrong option is one line with a non-zero exit', async () => {
    const help = run(['start', '--help']);
    expect(await help.exit).toBe(0);
    expect(help.out()).toMatch(/^Usage: destek start/);
    const bad = run(['start', '--frobnicate']);
    expect(await bad.exit).not.toBe(0);
    expect(
      bad
        .err()
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('destek:')),
    ).toHaveLength(1);
    const unknown = run(['launch']);
    expect(await unknown.exit).not.toBe(0);
    expect(unknown.err()).toMatch(/destek: unknown command "launch"/);
  });
});
