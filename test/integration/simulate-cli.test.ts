import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '#cli/main';
import { stack } from './helpers';

const root = resolve(import.meta.dirname, '../..');

function destek(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/destek.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((r) => child.once('exit', (code) => r({ code, out, err })));
}

const infoFile = () => {
  const file = join(mkdtempSync(join(tmpdir(), 'destek-sim-')), 'local.json');
  writeFileSync(file, JSON.stringify(stack().info));
  return file;
};

describe('destek simulate', () => {
  it('sends a Telegram message through the fake provider and prints the reply', async () => {
    const r = await destek(['simulate', 'telegram', '--from', '777000111', '--info-file', infoFile(), 'Müşteri hizmetleriniz rezalet, şikayetçiyim']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^telegram: message 777000111\/\d+ from 777000111 accepted \(webhook answered 200\)\nreply via \/bot<token>\/sendMessage:\n.*#\d+/);
  });

  it('chats as a visitor over the HTTP fallback, and the next call continues the same conversation', async () => {
    const file = infoFile();
    const first = await destek(['simulate', 'chat', '--info-file', file, 'kargom nerede?']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const visitor = /from visitor (v_\w+) accepted\n/.exec(first.out)?.[1];
    expect(visitor).toBeDefined();
    expect(first.out).toMatch(/reply:\n.*sipariş numara/i);
    const second = await destek(['simulate', 'chat', '--info-file', file, '100003']);
    expect(second.code).toBe(0);
    expect(second.out).toContain(`from visitor ${visitor} accepted (same conversation as before)`);
    expect(second.out).toMatch(/reply:\n.*100003/);
    const fresh = await destek(['simulate', 'chat', '--new', '--wait', '0', '--info-file', file, 'merhaba']);
    expect(fresh.code).toBe(0);
    expect(fresh.out).not.toContain(visitor!);
  });

  it('has --help, and every mistake is one line with a non-zero exit', async () => {
    // In-process (the same main() bin/destek.js runs): spawning a process per case is slow on a busy machine.
    const lines: { out: string[]; err: string[] } = { out: [], err: [] };
    const spies = [
      vi.spyOn(console, 'log').mockImplementation((l) => void lines.out.push(String(l))),
      vi.spyOn(console, 'error').mockImplementation((l) => void lines.err.push(String(l))),
    ];
    try {
      expect(await main(['simulate', '--help'])).toBe(0);
      expect(lines.out[0]).toMatch(/^Usage: destek simulate whatsapp\|instagram\|messenger\|telegram --from ID "message"/);
      for (const [args, message] of [
        [['simulate', 'whatsapp', 'merhaba'], 'destek: --from is required (see destek simulate --help)'],
        [['simulate', 'sms', '--from', '1', 'x'], 'destek: say which channel: chat, whatsapp, messenger, instagram, telegram (see destek simulate --help)'],
        [['simulate', 'whatsapp', '--from', '+90 532', 'x'], 'destek: --from must be a phone number in digits for whatsapp, e.g. 905321234567'],
        [
          ['simulate', 'telegram', '--from', '1', '--info-file', '/nonexistent/local.json', 'x'],
          'destek: /nonexistent/local.json not found: start the local stack first (npm start)',
        ],
        [
          ['simulate', 'chat', '--info-file', '/nonexistent/local.json', 'x'],
          'destek: /nonexistent/local.json not found: start the local stack first (npm start)',
        ],
        [['simulate', 'chat'], 'destek: give the message text (see destek simulate --help)'],
        [['simulate', 'telegram', '--frm', '1'], /^destek: Unknown option '--frm'.* \(see destek simulate --help\)$/],
      ] as const) {
        lines.err.length = 0;
        expect(await main([...args]), args.join(' ')).not.toBe(0);
        expect(lines.err).toHaveLength(1);
        if (typeof message === 'string') expect(lines.err[0]).toBe(message);
        else expect(lines.err[0]).toMatch(message);
      }
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
