import { PermanentDeliveryError } from '#core/errors';
import type { OutboundMessage } from '#core/messages';
import type { Ticket } from '#core/model';
import type { AttachmentSource, ChannelSender } from '#core/ports';
import { metaFileMessage, telegramFileUpload, whatsAppAddressee, whatsAppFileBody } from './files-out';
import { callbackData } from './callback-data';
import { commentIdOf, metaRecipient } from './messenger';
import { callProvider, type ProviderHttpDeps } from './provider-http';
import { clip, csatLinks, numberedText, replyButtons } from './render';
import type { SecretsSource } from './secrets';
import type { SocialSettings } from '#definitions/social';
import type { SocialProvider } from './webhook';
import { needsHumanAgentTag, replyWindow } from './window';

/** Where the sender notes which outbound interaction a provider message id belongs to (for receipts). */
export interface ProviderMessageLog {
  remember(channel: SocialProvider, providerMessageId: string, ref: { ticketId: string; interactionKey: string }): Promise<void>;
}

export interface SocialSenderDeps {
  readonly secrets: SecretsSource;
  readonly settings: SocialSettings;
  /** The ticket tells when the customer last wrote (the reply windows). */
  readonly tickets: { getTicket(id: string): Promise<Ticket | undefined> };
  readonly providerMessages: ProviderMessageLog;
  /** The files a reply carries (links for Meta to fetch, bytes to upload to Telegram). */
  readonly files: AttachmentSource;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
  readonly warn?: (message: string, extra: Record<string, unknown>) => void;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

/**
 * One ChannelSender per social provider. Each derives from the message and the stored ticket
 * everything provider-specific: the sending number or page (from the conversation key), the
 * recipient, public or private answers to comments, buttons, the reply window.
 */
export function makeSocialSenders(deps: SocialSenderDeps): Record<SocialProvider, ChannelSender> {
  const { settings } = deps;
  const now = deps.now ?? (() => new Date());
  const http: ProviderHttpDeps = { retry: settings.retry, ...(deps.fetch ? { fetch: deps.fetch } : {}), ...(deps.sleep ? { sleep: deps.sleep } : {}) };
  const post = <T>(what: string, url: string, token: string, body: unknown) =>
    callProvider<T>(http, what, url, { method: 'POST', headers: bearer(token), body: JSON.stringify(body) });

  /**
   * Sent: remember the id for receipts that name it (Messenger, Instagram). WhatsApp's receipts carry
   * our reference back (callback-data.ts) and Telegram sends none: nothing to remember for them. A
   * failure to remember must not make the queue send twice.
   */
  const sent = async (channel: SocialProvider, msg: OutboundMessage, id: string | undefined) => {
    if (!id) throw new Error(`${channel}: the provider answered without a message id`);
    if (channel === 'telegram' || (channel === 'whatsapp' && callbackData(msg))) return { providerMessageId: id };
    try {
      await deps.providerMessages.remember(channel, id, { ticketId: msg.ticketId, interactionKey: msg.interactionKey });
    } catch (e) {
      deps.warn?.('provider message id not stored; its receipts will be ignored', { channel, id, error: (e as Error).message });
    }
    return { providerMessageId: id };
  };

  const lastInbound = async (msg: OutboundMessage) => (await deps.tickets.getTicket(msg.ticketId))?.lastInboundAt;

  const whatsapp: ChannelSender = {
    async send(msg) {
      const { whatsappAccessToken } = await deps.secrets.get();
      const phoneNumberId = msg.conversationKey.split('/')[0]!;
      const window = replyWindow('whatsapp', await lastInbound(msg), now());
      const tracking = callbackData(msg);
      const withTracking = (body: Record<string, unknown>) => (tracking ? { ...body, biz_opaque_callback_data: tracking } : body);
      const body = withTracking(window.open ? whatsAppBody(msg) : whatsAppTemplate(msg, settings, window.reason!));
      const url = `${settings.graphBaseUrl}/${phoneNumberId}/messages`;
      const out = await post<{ messages?: { id?: string }[] }>('whatsapp', url, whatsappAccessToken, body);
      const result = await sent('whatsapp', msg, out.messages?.[0]?.id);
      // Outside the window only the template may go; the agent API refuses files then.
      if (!window.open && msg.attachments?.length)
        deps.warn?.('files not sent: the WhatsApp window is closed', { ticketId: msg.ticketId, files: msg.attachments.length });
      for (const ref of window.open ? (msg.attachments ?? []) : []) {
        const file = await post<{ messages?: { id?: string }[] }>(
          'whatsapp',
          url,
          whatsappAccessToken,
          withTracking(whatsAppFileBody(msg.to, ref, await deps.files.link(ref))),
        );
        await sent('whatsapp', msg, file.messages?.[0]?.id);
      }
      return result;
    },
  };

  const metaDirect = (channel: 'messenger' | 'instagram'): ChannelSender => ({
    async send(msg) {
      const secrets = await deps.secrets.get();
      const token = channel === 'messenger' ? secrets.messengerAccessToken : secrets.instagramAccessToken;
      const commentId = commentIdOf(msg.conversationKey);
      // A comment gets one answer (under it, or one private reply): there is no room for files.
      if (commentId && msg.attachments?.length) throw new PermanentDeliveryError('files cannot be sent in answer to a comment');
      if (commentId && msg.visibility !== 'private') {
        // A public answer under the comment: Facebook comments on the comment, Instagram replies to it.
        const path = channel === 'messenger' ? 'comments' : 'replies';
        const out = await post<{ id?: string }>(channel, `${settings.graphBaseUrl}/${commentId}/${path}`, token, {
          message: numberedText(msg.text, msg.actions ?? [], true),
        });
        return sent(channel, msg, out.id);
      }
      const last = await lastInbound(msg);
      const automated = msg.kind !== 'agent_reply';
      const window = replyWindow(channel, last, now(), automated ? 'automated' : 'agent');
      // A private reply to a comment is allowed once, within 7 days, whatever the DM window says.
      if (!commentId && !window.open) throw new PermanentDeliveryError(window.reason!);
      const tagged = !commentId && !automated && needsHumanAgentTag(last, now());
      const buttons = replyButtons(msg);
      const quick = buttons.length && buttons.length <= 13;
      const send = (message: Record<string, unknown>) =>
        post<{ message_id?: string }>(channel, `${settings.graphBaseUrl}/me/messages`, token, {
          recipient: commentId ? { comment_id: commentId } : metaRecipient(msg.to),
          messaging_type: tagged ? 'MESSAGE_TAG' : 'RESPONSE',
          ...(tagged ? { tag: 'HUMAN_AGENT' } : {}),
          message,
        });
      const out = await send({
        text: numberedText(numberedText(msg.text, quick ? [] : buttons, false), csatLinks(msg), true),
        ...(quick ? { quick_replies: buttons.map((a) => ({ content_type: 'text', title: clip(a.label, 20), payload: a.value })) } : {}),
      });
      const result = await sent(channel, msg, out.message_id);
      for (const ref of msg.attachments ?? []) await sent(channel, msg, (await send(metaFileMessage(ref, await deps.files.link(ref)))).message_id);
      return result;
    },
  });

  const telegram: ChannelSender = {
    async send(msg) {
      const { telegramBotToken } = await deps.secrets.get();
      const keyboard = [
        ...replyButtons(msg).map((a) => [{ text: a.label, callback_data: Buffer.from(a.value).length <= 64 ? a.value : a.label.slice(0, 32) }]),
        ...csatLinks(msg).map((a) => [{ text: a.label, url: a.value }]),
      ];
      const out = await callProvider<{ result?: { message_id?: number } }>(http, 'telegram', `${settings.telegramBaseUrl}/bot${telegramBotToken}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: msg.to, text: msg.text.slice(0, 4096), ...(keyboard.length ? { reply_markup: { inline_keyboard: keyboard } } : {}) }),
      });
      const idOf = (r: { result?: { message_id?: number } }) => (r.result?.message_id === undefined ? undefined : `${msg.to}/${r.result.message_id}`);
      const result = await sent('telegram', msg, idOf(out));
      for (const ref of msg.attachments ?? []) {
        const { method, form } = telegramFileUpload(msg.to, ref, await deps.files.read(ref));
        const file = await callProvider<{ result?: { message_id?: number } }>(
          http,
          'telegram',
          `${settings.telegramBaseUrl}/bot${telegramBotToken}/${method}`,
          { method: 'POST', body: form },
        );
        await sent('telegram', msg, idOf(file));
      }
      return result;
    },
  };

  return { whatsapp, messenger: metaDirect('messenger'), instagram: metaDirect('instagram'), telegram };
}

/** Text, or up to three reply buttons as an interactive message; CSAT links stay in the text. */
export function whatsAppBody(msg: OutboundMessage): Record<string, unknown> {
  const buttons = replyButtons(msg);
  const text = numberedText(msg.text, csatLinks(msg), true);
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', ...whatsAppAddressee(msg.to) };
  if (buttons.length && buttons.length <= 3 && text.length <= 1024) {
    return {
      ...base,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text },
        action: { buttons: buttons.map((a) => ({ type: 'reply', reply: { id: a.value, title: clip(a.label, 20) } })) },
      },
    };
  }
  return { ...base, type: 'text', text: { body: numberedText(text, buttons, false).slice(0, 4096), preview_url: false } };
}

/** Outside the 24-hour window: the locale's approved template, or a permanent failure that says why. */
function whatsAppTemplate(msg: OutboundMessage, settings: SocialSettings, reason: string): Record<string, unknown> {
  const template = settings.whatsappTemplates[msg.locale] ?? settings.whatsappTemplates[msg.locale.split('-')[0]!];
  if (!template) throw new PermanentDeliveryError(`${reason}, and no template is configured for locale ${msg.locale} (social.whatsappTemplates)`);
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...whatsAppAddressee(msg.to),
    type: 'template',
    template: { name: template.name, language: { code: template.language } },
  };
}
