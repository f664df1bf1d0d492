import type { Channel, Priority } from '../api';
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

export function PriorityBadge({ priority }: { priority: Priority }) {
  return <span class={`badge priority-${priority}`}>{priorityLabel(priority)}</span>;
}
