import type { Channel, Priority, Status } from '../api';
import { t, type MessageKey } from '../i18n';

const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'E-mail',
  chat: 'Chat',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
  telegram: 'Telegram',
};

export const channelLabel = (c: Channel) => CHANNEL_LABELS[c];

export function ChannelBadge({ channel }: { channel: Channel }) {
  return <span class={`badge channel-${channel}`}>{CHANNEL_LABELS[channel]}</span>;
}

const PRIORITY_KEYS: Record<Priority, MessageKey> = { urgent: 'priorityUrgent', high: 'priorityHigh', normal: 'priorityNormal', low: 'priorityLow' };
export const priorityLabel = (p: Priority) => t(PRIORITY_KEYS[p]);

/** Statuses and priorities in the order the selects offer them. */
export const STATUSES: readonly Status[] = ['open', 'pending', 'resolved', 'closed'];
export const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'normal', 'low'];
export const statusLabel = (s: Status) => t(`status${s[0]!.toUpperCase()}${s.slice(1)}` as 'statusOpen');

export function PriorityBadge({ priority }: { priority: Priority }) {
  return <span class={`badge priority-${priority}`}>{priorityLabel(priority)}</span>;
}
