import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { socialProviders, type SocialProvider } from '#channels/social/webhook';
import type { SentRecord } from '#local/social-provider';
import { UsageError, type Command } from './command';
import { simulateChat } from './simulate-chat';

const mimeTypes: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.ogg': 'audio/ogg', '.pdf': 'application/pdf' };

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'send a chat, WhatsApp, Instagram, Messenger or Telegram message to the local stack',
  usage: `Usage: destek simulate whatsapp|instagram|messenger|telegram --from ID "message" [options]
       destek simulate chat "message" [--new] [--name NAME] [--email ADDRESS]

Sends one customer message to a running local stack (npm start) and prints the reply.
Social: the fake provider builds the provider's webhook, signs it and posts it to the API's /webhooks
route; the reply is what the sender posts back to the provider.
Chat: a visitor token from POST /chat/token, then POST /chat/messages (the widget's HTTP fallback);
the reply is read from the conversation's history. The visitor is kept in chat-visitor.json beside
the info file, so the next call continues the same conversation.

Options:
  --from ID          the customer: WhatsApp number in digits (905321234567), Telegram chat id, or a
                     Messenger/Instagram scoped id
  --new              chat: start a new visitor instead of continuing the last conversation
  --email ADDRESS    chat: the pre-chat form's e-mail address
  --name NAME        the customer's profile name
  --comment          a public comment under the shop's post (messenger, instagram) instead of a DM
  --file PATH        attach a file (.jpg, .png, .ogg voice note, .pdf)
  --wait SECONDS     how long to wait for the reply (default 15; 0 does not wait)
  --info-file FILE   what runs where (default: .destek/local.json, written by destek start)
  -h, --help         show this help`,
  options: {
    from: { type: 'string' },
    name: { type: 'string' },
    new: { type: 'boolean' },
    email: { type: 'string' },
    comment: { type: 'boolean' },
    file: { type: 'string' },
    wait: { type: 'string' },
    'info-file': { type: 'string' },
  },
  async run(values, positionals) {
    const [provider, ...words] = positionals;
    const wait = values.wait === undefined ? 15 : Number(values.wait);
    if (!Number.isFinite(wait) || wait < 0) throw new UsageError('--wait must be a number of seconds');
    const infoFile = resolve(typeof values['info-file'] === 'string' ? values['info-file'] : join(process.cwd(), '.destek', 'local.json'));
    const info = () => {
      if (!existsSync(infoFile)) throw new UsageError(`${infoFile} not found: start the local stack first (npm start)`);
      return JSON.parse(readFileSync(infoFile, 'utf8')) as { socialProvider?: string; api?: string };
    };
    if (provider === 'chat') {
      const text = words.join(' ');
      if (!text.trim()) throw new UsageError('give the message text (see destek simulate --help)');
      const api = info().api;
      if (!api) throw new UsageError(`${infoFile} names no API: restart the local stack`);
      return simulateChat({
        api,
        infoFile,
        text,
        fresh: values.new === true,
        ...(typeof values.name === 'string' ? { name: values.name } : {}),
        ...(typeof values.email === 'string' ? { email: values.email } : {}),
        waitSeconds: wait,
      });
    }
    if (!provider || !socialProviders.includes(provider as SocialProvider)) {
      throw new UsageError(`say which channel: chat, ${socialProviders.join(', ')} (see destek simulate --help)`);
    }
    const from = values.from;
    if (typeof from !== 'string' || !from) throw new UsageError('--from is required (see destek simulate --help)');
    if (provider === 'whatsapp' && !/^[1-9]\d{6,14}$/.test(from))
      throw new UsageError('--from must be a phone number in digits for whatsapp, e.g. 905321234567');
    if (provider === 'telegram' && !/^-?\d{1,15}$/.test(from)) throw new UsageError('--from must be a numeric chat id for telegram');
    if (values.comment && !['messenger', 'instagram'].includes(provider)) throw new UsageError('--comment works with messenger and instagram');
    const text = words.join(' ');
    if (!text && !values.file) throw new UsageError('give the message text (or --file)');
    const base = info().socialProvider;
    if (!base) throw new UsageError(`${infoFile} names no social provider: restart the local stack`);

    const call = async (path: string, body?: unknown) => {
      let res: Response;
      try {
        res = await fetch(
          `${base}${path}`,
          body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
        );
      } catch {
        throw new UsageError(`the fake provider at ${base} does not answer: is the local stack (npm start) running?`);
      }
      return (await res.json()) as any;
    };

    let media: unknown;
    if (typeof values.file === 'string') {
      if (!existsSync(values.file)) throw new UsageError(`file ${values.file} not found`);
      const ext = extname(values.file).toLowerCase();
      const mimeType = mimeTypes[ext];
      if (!mimeType) throw new UsageError(`--file must be one of ${Object.keys(mimeTypes).join(', ')}`);
      const held = await call('/media', { base64: readFileSync(values.file).toString('base64'), mimeType });
      const kind = mimeType.startsWith('image/') ? 'image' : mimeType.startsWith('audio/') ? 'voice' : 'document';
      media = { ...held, kind, mimeType, filename: values.file.split('/').pop() };
    }

    const since = new Date().toISOString();
    const result = await call(`/simulate/${provider}`, {
      from,
      ...(text ? { text } : {}),
      ...(typeof values.name === 'string' ? { name: values.name } : {}),
      ...(values.comment ? { comment: true } : {}),
      ...(media ? { media } : {}),
    });
    if (result.status !== 200) throw new UsageError(`the webhook answered ${result.status}: ${String(result.body).slice(0, 200)}`);
    console.log(`${provider}: message ${result.messageId} from ${from} accepted (webhook answered ${result.status})`);
    if (!wait) return 0;

    const until = Date.now() + wait * 1000;
    while (Date.now() < until) {
      const { sent } = (await call('/sent')) as { sent: SentRecord[] };
      const reply = sent.find((s) => s.at >= since && s.provider === provider && addressedTo(s, from));
      if (reply) {
        console.log(`reply via ${reply.path}:\n${replyText(reply)}`);
        return 0;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new UsageError(`no reply reached the fake provider within ${wait} s (see ${base}/sent and the stack's logs)`);
  },
};

function addressedTo(s: SentRecord, from: string): boolean {
  const b = s.body ?? {};
  return String(b.to ?? b.chat_id ?? b.recipient?.id ?? '') === from || Boolean(b.recipient?.comment_id) || /\/(comments|replies)$/.test(s.path);
}

function replyText(s: SentRecord): string {
  const b = s.body ?? {};
  return String(
    b.text?.body ?? b.interactive?.body?.text ?? b.message?.text ?? b.message ?? b.text ?? (b.template ? `template ${b.template.name}` : JSON.stringify(b)),
  );
}
