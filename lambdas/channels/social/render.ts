import type { OutboundAction, OutboundMessage } from '#core/messages';

/** Buttons that send text back (quick replies, "talk to a person"); CSAT links are rendered apart. */
export const replyButtons = (m: OutboundMessage): OutboundAction[] => (m.actions ?? []).filter((a) => a.type !== 'csat');
export const csatLinks = (m: OutboundMessage): OutboundAction[] => (m.actions ?? []).filter((a) => a.type === 'csat');

/** Numbered lines for what a channel cannot show as buttons: "1) Çok iyi: https://…". */
export function numberedText(text: string, actions: readonly OutboundAction[], withValues: boolean): string {
  if (!actions.length) return text;
  const lines = actions.map((a, i) => `${i + 1}) ${a.label}${withValues ? `: ${a.value}` : ''}`);
  return `${text}\n\n${lines.join('\n')}`;
}

/** Providers cap button titles (WhatsApp 20, Messenger 20 characters). */
export const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
