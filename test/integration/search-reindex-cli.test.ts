import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DynamoTicketSearchIndex } from '#adapters/search-index-dynamo';
import { chat, COMPLAINT, db, ticketOf } from './agent-helpers';
import { eventually, http, stack, unique } from './helpers';

const root = resolve(import.meta.dirname, '../..');
const destek = (args: string[]) =>
  new Promise<{ code: number | null; out: string; err: string }>((done) => {
    const child = spawn(process.execPath, [join(root, 'bin/destek.js'), 'search', ...args], {
      cwd: root,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('exit', (code) => done({ code, out, err }));
  });

const found = async (word: string) => ((await http('GET', `/search?q=${word}`)).json.items as { id: string }[]).map((t) => t.id);

describe('destek search reindex', () => {
  it('indexes again a ticket whose index is gone, from the ticket as it is; a second run changes nothing', async () => {
    const word = `kargocuk${Math.random().toString(36).slice(2, 8).replace(/\d/g, 'x')}`;
    const visitor = unique('v');
    await chat(visitor, 'm1', `${COMPLAINT}. ${word} nerede?`);
    const ticket = await ticketOf('chat', visitor, 'open', 20_000);
    await eventually(async () => ((await found(word)).includes(ticket.id) ? true : undefined), 15_000, 'the change feed to index the ticket');
    // As a ticket from before search, or after the index was lost.
    await new DynamoTicketSearchIndex(db(), stack().info.tableName).remove(ticket.id);
    expect(await found(word)).not.toContain(ticket.id);

    const { info } = stack();
    const file = join(mkdtempSync(join(tmpdir(), 'destek-reindex-')), 'local.json');
    writeFileSync(file, JSON.stringify({ region: info.region, dynamodb: info.dynamodb, tableName: info.tableName }));
    const today = new Date().toISOString().slice(0, 10);
    const first = await destek(['reindex', '--from', today, '--info-file', file]);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^indexed [1-9]\d* ticket\(s\) opened \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d in the local stack/);
    expect(await found(word)).toEqual([ticket.id]);

    const again = await destek(['reindex', '--from', today, '--info-file', file]);
    expect(again.code).toBe(0);
    expect(await found(word)).toEqual([ticket.id]);
  }, 120_000);

  it('fails in one line with a non-zero exit on a bad day, a missing subcommand or no local stack', async () => {
    const [badDay, noSub, noStack, help] = await Promise.all([
      destek(['reindex', '--from', '7 Aralık']),
      destek([]),
      destek(['reindex', '--from', '2026-01-01', '--info-file', '/nonexistent/local.json']),
      destek(['--help']),
    ]);
    for (const r of [badDay, noSub, noStack]) {
      expect(r.code).not.toBe(0);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(badDay.err).toContain('--from must be a day, YYYY-MM-DD');
    expect(noSub.err).toContain('destek search reindex');
    expect(noStack.err).toContain('/nonexistent/local.json not found');
    expect(help.code).toBe(0);
    expect(help.out).toContain('destek search reindex --from YYYY-MM-DD');
  }, 120_000);
});
