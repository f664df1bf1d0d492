import { createInterface } from 'node:readline';
import { loadConfig, DEFAULT_CONFIG_FILE } from '#config/config';
import { loadModel } from '#brain/load-model';
import { assessPriority } from '#brain/priority';
import { BuiltinRecognizer } from '#brain/recognizer';
import { UsageError, type Command } from './command';

export const classifyCommand: Command = {
  name: 'classify',
  summary: 'classify messages from stdin with the built-in recognizer',
  usage: `Usage: destek classify [--jsonl] [--config FILE] < messages

Reads one message per line (or, with --jsonl, one JSON object per line with a "text" field) and
prints one JSON object per line: { "lang", "intent", "confidence", "top", "entities", "priority" }.
Use it to check the bot definition on your shop's own messages.

Options:
  --jsonl        input lines are JSON objects with a "text" field
  --config FILE  configuration file (default: destek.config.json)
  -h, --help     show this help`,
  options: { jsonl: { type: 'boolean' }, config: { type: 'string' } },
  async run(values) {
    const config = loadConfig(typeof values.config === 'string' ? values.config : DEFAULT_CONFIG_FILE);
    const recognizer = new BuiltinRecognizer(loadModel(process.cwd()), {
      orderNumberPattern: config.brain.orderNumberPattern,
      outOfScopeBelow: config.brain.outOfScopeBelow,
    });
    let line = 0;
    for await (const raw of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      line++;
      if (!raw.trim()) continue;
      let text = raw;
      if (values.jsonl) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          throw new UsageError(`line ${line} is not JSON (--jsonl expects one JSON object per line)`);
        }
        const t = (parsed as { text?: unknown } | null)?.text;
        if (typeof t !== 'string') throw new UsageError(`line ${line} has no "text" string`);
        text = t;
      }
      const c = recognizer.classify(text);
      const { priority } = assessPriority({ text, intent: c.intent, recentContacts: 0, vipCategories: config.brain.vipCategories });
      process.stdout.write(`${JSON.stringify({ lang: c.lang, intent: c.intent, confidence: c.confidence, top: c.top, entities: c.entities, priority })}\n`);
    }
    return 0;
  },
};
