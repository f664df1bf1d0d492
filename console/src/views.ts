import type { Channel, Ticket } from './api';
import type { MessageKey } from './i18n';

/** The inbox's views: each is a query of GET /tickets, narrowed in the page where the API has no filter. */
export type ViewId = 'mine' | 'unassigned' | 'urgent' | 'dueSoon' | 'breached' | 'open' | 'pending' | 'resolved' | `channel:${Channel}` | `intent:${string}`;

export const CHANNELS: readonly Channel[] = ['email', 'chat', 'whatsapp', 'messenger', 'instagram', 'telegram'];

export const FIXED_VIEWS: readonly { id: ViewId; label: MessageKey }[] = [
  { id: 'mine', label: 'viewMine' },
  { id: 'unassigned', label: 'viewUnassigned' },
  { id: 'urgent', label: 'viewUrgent' },
  { id: 'dueSoon', label: 'viewDueSoon' },
  { id: 'breached', label: 'viewBreached' },
  { id: 'open', label: 'viewOpen' },
  { id: 'pending', label: 'viewPending' },
  { id: 'resolved', label: 'viewResolved' },
];

export type Sort = 'updated' | 'priority';

export interface TicketsQuery {
  status: 'open' | 'pending' | 'resolved';
  sort: Sort;
  assignee?: string;
  priority?: 'urgent';
  breached?: 'true';
  channel?: Channel;
  intent?: string;
}

export function queryOf(view: ViewId, me: string, sort: Sort): TicketsQuery {
  if (view === 'pending' || view === 'resolved') return { status: view, sort };
  if (view === 'mine') return { status: 'open', sort, assignee: me };
  if (view === 'urgent') return { status: 'open', sort, priority: 'urgent' };
  if (view === 'breached') return { status: 'open', sort, breached: 'true' };
  // Due soon: the work queue is ordered by due time within each priority; the page keeps those due within the hour.
  if (view === 'dueSoon') return { status: 'open', sort: 'priority' };
  if (view.startsWith('channel:')) return { status: 'open', sort, channel: view.slice(8) as Channel };
  if (view.startsWith('intent:')) return { status: 'open', sort, intent: view.slice(7) };
  return { status: 'open', sort };
}

/** What the API cannot filter on: unassigned, and due within the hour (not yet answered, not breached). */
export function keeps(view: ViewId, t: Ticket, now = Date.now()): boolean {
  if (view === 'unassigned') return !t.assignee;
  if (view === 'dueSoon') return !t.firstResponseAt && !t.slaBreachedAt && new Date(t.firstResponseDueAt).getTime() - now <= 3_600_000;
  return true;
}
