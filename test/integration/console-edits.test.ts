import { randomInt } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '#adapters/aws/dynamodb';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { keys } from '#adapters/table-keys';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import { launchChromium, seriousViolations } from '#test/browser';
import { eventually, http, stack } from './helpers';

/** A customer's edit in the agent console's thread, in Chromium, as an agent reads it in English and Turkish. */
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

const telegram = (update: object) =>
  fetch(`${stack().info.api}/webhooks/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': DEFAULT_LOCAL_SOCIAL_SECRETS.telegramSecretToken },
    body: JSON.stringify(update),
  });

/** A Telegram ticket with a message and the customer's edit of it, as the agent API lists it. */
async function ticketWithEdit(): Promise<string> {
  const chat = randomInt(100_000_000, 999_999_999);
  const date = Math.floor(Date.now() / 1000);
  const message = {
    message_id: 7,
    from: { id: chat, is_bot: false, first_name: 'Ali', language_code: 'tr' },
    chat: { id: chat, first_name: 'Ali', type: 'private' },
    date,
    text: 'İade için sipariş no 100011',
  };
  expect((await telegram({ update_id: randomInt(1e8, 9e8), message })).status).toBe(200);
  expect(
    (await telegram({ update_id: randomInt(1e8, 9e8), edited_message: { ...message, edit_date: date + 20, text: 'İade için sipariş no 100012' } })).status,
  ).toBe(200);
  const { info } = stack();
  const db = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  // The conversation's thread item names its ticket; the edit is there once the agent API shows it.
  return eventually(
    async () => {
      const thread = (await db.send(new GetCommand({ TableName: info.tableName, Key: keys.thread('telegram', String(chat)), ConsistentRead: true }))).Item;
      if (!thread) return undefined;
      const one = await http('GET', `/tickets/${thread.ticketId}`);
      return one.json?.timeline?.some((i: { editOf: string | null }) => i.editOf) ? (thread.ticketId as string) : undefined;
    },
    15_000,
    'the ticket with the edit',
  );
}

describe("a customer's edit in the console's thread", () => {
  it('is labelled as an edit and quotes the message it changes, in English and in Turkish, with no serious accessibility violation', async () => {
    const ticketId = await ticketWithEdit();
    for (const [locale, label, says] of [
      ['en-US', 'edited', 'edit of the message of'],
      ['tr-TR', 'düzenlendi', 'tarihli mesajın düzeltmesi'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${stack().info.web}/console/?as=agent#/tickets/${ticketId}`);
      const edit = page.locator('.timeline li.message.edit');
      await expect.poll(() => edit.count(), { timeout: 15_000 }).toBe(1);
      expect(await edit.locator('.edited').innerText()).toBe(label);
      const quote = await edit.locator('.edit-of').innerText();
      expect(quote).toContain(says);
      expect(quote).toContain('İade için sipariş no 100011');
      expect(await edit.locator('.text').innerText()).toBe('İade için sipariş no 100012');
      // Only the edit is marked: the original stays a plain message.
      expect(await page.locator('.timeline li.message .edited').count()).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
    }
  });
});
