/**
 * What sending one reply costs in DynamoDB, per channel (chat, e-mail, WhatsApp): the sender's own
 * code (claim, the channel's sender, mark sent) against DynamoDB Local, every call metered
 * (bench/capacity-meter.ts): the units DynamoDB Local reports and the units AWS's rules give from the
 * items' sizes. The replies are the pipeline's own (a first message of a new conversation: the
 * acknowledgement or the bot's answer). Writes bench/results/send-capacity.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoChatStore } from '#adapters/chat-store';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { DynamoStore } from '#adapters/dynamo-store';
import { DynamoEmailStore } from '#adapters/email-store';
import { SocialStore } from '#adapters/social-store';
import { makeChatPushSender } from '#channels/chat/push-sender';
import { makeEmailSender } from '#channels/email/sender';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import { cachedSecrets } from '#channels/social/secrets';
import { makeSocialSenders } from '#channels/social/senders';
import { deliverOutbound } from '#core/deliver';
import type { Channel, InboundMessage, OutboundMessage } from '#core/messages';
import type { ChannelSender } from '#core/ports';
import { processInbound } from '#core/pipeline';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb';
import { freePort } from '#local/net';
import { SocialProviderServer } from '#local/social-provider';
import { meterCapacity, type MeteredCall } from './capacity-meter';

const REPLIES = 20;
const TABLE = 'sendbench';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const round = (x: number) => Math.round(x * 100) / 100;

const conversations: Record<'chat' | 'email' | 'whatsapp', () => { conversationKey: string; from: string }> = {
  chat: () => ({ conversationKey: `visitor-${randomUUID()}`, from: '' }),
  email: () => {
    const from = `musteri-${randomUUID().slice(0, 8)}@example.com`;
    return { conversationKey: `email-${randomUUID()}`, from };
  },
  whatsapp: () => {
    const number = `90532${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    return { conversationKey: `106540352242922/${number}`, from: number };
  },
};

function inbound(channel: 'chat' | 'email' | 'whatsapp'): InboundMessage {
  const c = conversations[channel]();
  const from = c.from || c.conversationKey;
  return {
    channel,
    channelMessageId: `${c.conversationKey}/${randomUUID()}`,
    from: { address: from, name: 'Ayşe Yılmaz' },
    conversationKey: c.conversationKey,
    text: 'Merhaba, 3 gün önce verdiğim 100234 numaralı siparişin kargosu hâlâ gelmedi. Kargo takip numarası nedir?',
    attachments: [],
    receivedAt: new Date().toISOString(),
    ...(channel === 'email'
      ? { subject: 'Siparişim nerede?', email: { messageId: `<${randomUUID()}@example.com>`, supportAddress: 'destek@shop.example' } }
      : {}),
  } as InboundMessage;
}

async function main() {
  const dynamo = await startDynamoDbLocal(await freePort());
  const provider = new SocialProviderServer({ ...DEFAULT_LOCAL_SOCIAL_SECRETS });
  await provider.listen(0);
  try {
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const plain = createDocumentClient(new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials }));
    await ensureTable(new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials }), TABLE);
    // The pipeline stores the conversations unmetered; the sender's clients are metered.
    const replies: OutboundMessage[] = [];
    const pipelineStore = new DynamoStore(plain, { tableName: TABLE, ticketNumberStart: 10001 });
    const pipeline = {
      store: pipelineStore,
      outbound: { send: async (m: OutboundMessage) => void replies.push(m), sendAll: async (ms: readonly OutboundMessage[]) => void replies.push(...ms) },
      settings: { defaultLocale: 'tr', locales: ['tr', 'en'], firstResponseHours: 24 },
    };

    const raw = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials });
    const meter = meterCapacity(raw, new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint, credentials }), TABLE);
    const db = createDocumentClient(raw);
    const store = new DynamoStore(db, { tableName: TABLE, ticketNumberStart: 10001 });
    const chatStore = new DynamoChatStore(db, TABLE);
    const files = { link: async () => 'https://files.example/x', read: async () => new Uint8Array() };
    const senders: Partial<Record<Channel, ChannelSender>> = {
      // One live connection per visitor; the @connections API is not DynamoDB, its answer is given here.
      chat: makeChatPushSender({
        store: chatStore,
        pusher: { post: async () => 'sent', close: async () => undefined },
        outbound: { send: async () => undefined, sendAll: async () => undefined },
      }),
      email: makeEmailSender({
        store: new DynamoEmailStore(db, TABLE),
        sendRaw: async () => `0100019${randomUUID().replace(/-/g, '')}-000000`,
        settings: { supportAddresses: ['destek@shop.example'], fromName: 'Destek' },
        replyTokenSecret: 'bench-reply-token-secret-0123456789',
        files,
      }),
      whatsapp: makeSocialSenders({
        secrets: cachedSecrets(async () => ({ ...DEFAULT_LOCAL_SOCIAL_SECRETS }), 'bench'),
        settings: {
          graphBaseUrl: provider.graphBaseUrl,
          telegramBaseUrl: provider.url,
          whatsappTemplates: {},
          maxMediaBytes: 1_000_000,
          retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
        },
        tickets: store,
        providerMessages: new SocialStore(db, TABLE),
        files,
      }).whatsapp,
    };

    const results: Record<
      string,
      { sendReply: Record<string, number>; calls: Record<string, { calls: number; writeUnits: number; writeUnitsByRules: number; readUnits: number }> }
    > = {};
    for (const channel of ['chat', 'email', 'whatsapp'] as const) {
      const measured: MeteredCall[][] = [];
      for (let i = 0; i < REPLIES; i++) {
        replies.length = 0;
        await processInbound(pipeline, inbound(channel));
        const reply = replies[0];
        if (!reply) throw new Error(`${channel}: the pipeline enqueued no reply`);
        if (channel === 'chat') {
          await plain.send(
            new PutCommand({
              TableName: TABLE,
              Item: { pk: `CHATCONNS#${reply.conversationKey}`, sk: 'CONN#c1', connectionId: 'c1', expiresAt: Math.floor(Date.now() / 1000) + 3600 },
            }),
          );
        }
        meter.take();
        const result = await deliverOutbound({ store, senders, leaseMs: 60_000 }, reply);
        if (result !== 'sent') throw new Error(`${channel}: ${result}`);
        measured.push(meter.take());
      }
      const avg = (f: (c: MeteredCall) => number) => round(measured.reduce((n, calls) => n + calls.reduce((m, c) => m + f(c), 0), 0) / measured.length);
      const calls: (typeof results)[string]['calls'] = {};
      for (const c of measured.flat()) {
        const name = `${c.command.replace(/Command$/, '')} ${c.keys.map((k) => `${k.pk.split('#')[0]}/${k.sk.split('#')[0]}`).join('+')}`;
        const entry = (calls[name] ??= { calls: 0, writeUnits: 0, writeUnitsByRules: 0, readUnits: 0 });
        entry.calls += 1 / measured.length;
        entry.writeUnits += c.writeUnits / measured.length;
        entry.writeUnitsByRules += c.writeUnitsByRules / measured.length;
        entry.readUnits += c.readUnits / measured.length;
      }
      for (const e of Object.values(calls)) for (const k of Object.keys(e) as (keyof typeof e)[]) e[k] = round(e[k]);
      results[channel] = {
        sendReply: { writeUnits: avg((c) => c.writeUnits), writeUnitsByRules: avg((c) => c.writeUnitsByRules), readUnits: avg((c) => c.readUnits) },
        calls,
      };
    }

    console.log(`\nSending one reply (average of ${REPLIES} per channel; DynamoDB Local's figures and AWS's rules)\n`);
    console.log('| channel | write units (DynamoDB Local) | write units (AWS rules) | read units |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [channel, r] of Object.entries(results))
      console.log(`| ${channel} | ${r.sendReply.writeUnits} | ${r.sendReply.writeUnitsByRules} | ${r.sendReply.readUnits} |`);
    for (const [channel, r] of Object.entries(results)) {
      console.log(`\n${channel}: calls per reply`);
      console.log('| call (table key / sort key prefix) | calls | write units | by rules | read units |');
      console.log('| --- | ---: | ---: | ---: | ---: |');
      for (const [name, c] of Object.entries(r.calls)) console.log(`| ${name} | ${c.calls} | ${c.writeUnits} | ${c.writeUnitsByRules} | ${c.readUnits} |`);
    }
    const file = join(root, 'bench', 'results', 'send-capacity.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ replies: REPLIES, ...results }, null, 2)}\n`);
    console.log(`\nwritten: ${file}`);
  } finally {
    await provider.close();
    dynamo.process.kill('SIGTERM');
  }
}

await main();
