import type { OutboundMessage } from '#core/messages';
import type { ChannelSender, OutboundQueue } from '#core/ports';
import { frame, type ServerFrame } from './frames';
import type { ChatStore, EmailFallback } from './ports';

/** Posts frames to live connections (the @connections API); 'gone' when the connection no longer exists. */
export interface ConnectionPusher {
  post(connectionId: string, data: string): Promise<'sent' | 'gone'>;
  close(connectionId: string): Promise<void>;
}

export interface ChatPushDeps {
  readonly store: ChatStore;
  readonly pusher: ConnectionPusher;
  /** The outbound queue: a reply nobody is connected for goes on by e-mail when the visitor left one. */
  readonly outbound: OutboundQueue;
}

/** Pushes one frame to every live connection of the visitor; gone ones (410) are removed. How many got it. */
export async function pushToVisitor(deps: Pick<ChatPushDeps, 'store' | 'pusher'>, visitorId: string, f: ServerFrame): Promise<number> {
  const data = frame(f);
  const connections = await deps.store.listConnections(visitorId);
  const results = await Promise.all(
    connections.map(async (id) => {
      const r = await deps.pusher.post(id, data);
      if (r === 'gone') await deps.store.deleteConnection(id);
      return r;
    }),
  );
  return results.filter((r) => r === 'sent').length;
}

/** Kinds worth an e-mail when the visitor has gone: a person's reply and a rating request. */
const EMAIL_WHEN_GONE = new Set<OutboundMessage['kind']>(['agent_reply', 'csat_request', 'nps_request']);

/**
 * The chat channel's sender: pushes the reply to every live connection of the conversation. Gone
 * connections (410) are removed. With nobody connected the reply stays on the timeline, where the
 * widget's history finds it on the next connect; an agent's reply or a rating request also goes on
 * by e-mail when the visitor's customer has an address (an e-mail outbound, as every producer makes).
 */
export function makeChatPushSender(deps: ChatPushDeps): ChannelSender {
  return {
    async send(msg) {
      const pushed = await pushToVisitor(deps, msg.conversationKey, {
        type: 'message',
        id: msg.interactionKey,
        kind: msg.kind,
        text: msg.text,
        at: msg.createdAt,
        ...(msg.actions?.length ? { actions: msg.actions } : {}),
      });
      if (pushed) return { providerMessageId: `chat:${msg.outboundId}:pushed:${pushed}` };
      if (EMAIL_WHEN_GONE.has(msg.kind)) {
        const email = await deps.store.visitorEmail(msg.to);
        if (email) {
          // Recorded first (idempotent), then enqueued: a retry re-enqueues, the FIFO id absorbs it.
          const byEmail = await deps.store.recordEmailFallback(emailFallback(msg, email), undefined);
          await deps.outbound.send(byEmail);
          return { providerMessageId: `chat:${msg.outboundId}:email:${byEmail.outboundId}` };
        }
      }
      return { providerMessageId: `chat:${msg.outboundId}:waiting` };
    },
  };
}

/**
 * The same reply for the e-mail channel: its own id, derived so a replay makes the same. The store
 * gives it its interaction when it records it.
 */
export function emailFallback(msg: OutboundMessage, email: string): EmailFallback {
  const { interactionKey: _, ...rest } = msg;
  return { ...rest, outboundId: `${msg.outboundId}-email`.slice(0, 128), channel: 'email', to: email };
}
