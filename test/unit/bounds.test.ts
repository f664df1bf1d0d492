import { describe, expect, it } from 'vitest';
import { cutUtf8, jsonBytes, keyPart, utf8Bytes } from '#core/bounds';
import { fitMessage, MESSAGE_BUDGET_BYTES, PREVIEW_BYTES, type StoreBody } from '#core/fit-message';
import type { InboundMessage } from '#core/messages';

describe('byte bounds', () => {
  it('cuts by UTF-8 bytes on a character boundary: never half of ş, € or an emoji', () => {
    for (const s of ['ş'.repeat(100), '€'.repeat(100), '💥'.repeat(100), 'aş€💥'.repeat(50)]) {
      for (const max of [0, 1, 2, 3, 5, 7, 100, 101, 102, 103]) {
        const cut = cutUtf8(s, max);
        expect(utf8Bytes(cut)).toBeLessThanOrEqual(max);
        expect(s.startsWith(cut)).toBe(true);
        expect(cut).not.toContain('\uFFFD');
      }
    }
  });

  it('a key part over the bound is the hash of the whole value: stable, distinct, short', () => {
    const long = '€'.repeat(900);
    expect(keyPart('<short@example.com>')).toBe('<short@example.com>');
    expect(keyPart(long)).toBe(keyPart(long));
    expect(keyPart(long)).not.toBe(keyPart(`${long}x`));
    expect(keyPart(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(keyPart('\uD800 broken half')).toMatch(/^sha256:/);
  });
});

const message = (text: string, html?: string): InboundMessage => ({
  channel: 'whatsapp',
  channelMessageId: 'wamid.1',
  from: { address: '905321234567' },
  conversationKey: 'p/905321234567',
  text,
  ...(html ? { html } : {}),
  attachments: [],
  receivedAt: '2026-11-23T10:00:00.000Z',
});

describe('fitting a message into the queue and the table', () => {
  const stored = new Map<string, string>();
  const store: StoreBody = async (f) => {
    stored.set(f.name, f.content);
    return { bucket: 'b', key: `k/${f.name}`, filename: f.name, contentType: f.contentType, size: utf8Bytes(f.content) };
  };

  it('a message within the budget is unchanged and nothing is stored', async () => {
    const msg = message('Kargom nerede?');
    expect((await fitMessage(msg, store)).msg).toBe(msg);
  });

  it('a larger one keeps its whole text and HTML in storage and a preview that says where they are', async () => {
    const text = `Başlangıç ${'ığüşöç\0'.repeat(60_000)}`;
    const { msg, problems } = await fitMessage(message(text, `<p>${text}</p>`), store);
    expect(jsonBytes(msg)).toBeLessThanOrEqual(MESSAGE_BUDGET_BYTES);
    expect(utf8Bytes(msg.text)).toBeLessThan(PREVIEW_BYTES + 500);
    expect(msg.text.startsWith('Başlangıç ığüşöç')).toBe(true);
    expect(msg.text).toContain('message.txt and message.html');
    expect(msg.html).toBeUndefined();
    expect(msg.attachments.map((a) => a.filename)).toEqual(['message.txt', 'message.html']);
    expect(stored.get('message.txt')).toBe(text);
    expect(problems[0]).toContain('k/message.txt');
  });
});
