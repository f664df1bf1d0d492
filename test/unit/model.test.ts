import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelFile } from '#brain/model';
import { loadIntents } from '#definitions/bot/load';

const root = resolve(import.meta.dirname, '../..');
const committed = readFileSync(join(root, 'lambdas/brain/model.json'), 'utf8');
const model = JSON.parse(committed) as ModelFile;
const BITEXT = resolve(root, '../shared/data/bitext/train.csv');
const cli = (args: string[], input = '') => spawnSync(process.execPath, [join(root, 'bin/destek.js'), ...args], { cwd: root, input, encoding: 'utf8' });

describe('the shipped model', () => {
  it('knows exactly the bot definition’s intents and carries its current answers and thresholds', () => {
    const intents = loadIntents();
    expect(model.intents.classes).toEqual(intents.map((i) => i.name));
    expect(model.bot).toEqual(intents.map(({ utterances: _u, boundaries: _b, ...rest }) => rest));
  });

  it('is at most 1 MB', () => {
    expect(Buffer.byteLength(committed)).toBeLessThanOrEqual(1024 * 1024);
  });

  it.runIf(existsSync(BITEXT))(
    'is reproduced byte for byte by `npm run train`',
    () => {
      const out = join(mkdtempSync(join(tmpdir(), 'destek-train-')), 'model.json');
      const r = cli(['train', '--data', BITEXT, '--out', out]);
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(out, 'utf8') === committed).toBe(true);
    },
    300_000,
  );
});

describe('destek classify', () => {
  it('prints one JSON line per message with language, intent, confidence, top, entities and priority', () => {
    const r = cli(['classify'], 'Merhaba, 100234 nolu kargom nerede?\n\nI want to speak to a human agent\n');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ lang: 'tr', intent: 'track_order', entities: [{ type: 'orderNumber', value: '100234' }], priority: 'normal' });
    expect(Object.keys(lines[0]).sort()).toEqual(['confidence', 'entities', 'intent', 'lang', 'priority', 'top']);
    expect(lines[1]).toMatchObject({ lang: 'en', intent: 'contact_human_agent' });
    expect(lines[0].top[0].confidence).toBeGreaterThanOrEqual(lines[0].top[1].confidence);
  }, 60_000);

  it('reads --jsonl, and a bad line is one clear error with a non-zero exit', () => {
    const ok = cli(['classify', '--jsonl'], '{"text":"şifremi unuttum"}\n');
    expect(JSON.parse(ok.stdout).intent).toBe('recover_password');
    const bad = cli(['classify', '--jsonl'], '{"text":"ok"}\nnot json\n');
    expect(bad.status).not.toBe(0);
    expect(
      bad.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('destek:')),
    ).toEqual(['destek: line 2 is not JSON (--jsonl expects one JSON object per line)']);
  }, 60_000); // each case starts the CLI process, which loads the model
});
