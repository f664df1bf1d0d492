import type { TicketWithTimeline } from '../api';
import { formatDateTime, t } from '../i18n';
import { priorityLabel } from '../ui/badges';
import type { TicketPatch } from './ticket-view';

const STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

/** Status, priority, assignee, SLA and the bot's classification of the ticket. */
export function SidePanel({ ticket, patch }: { ticket: TicketWithTimeline; patch: (p: TicketPatch) => Promise<void>; reload: () => Promise<void> }) {
  const c = ticket.classification;
  return (
    <aside class="side-panel" aria-label={t('ticket')}>
      <label>
        {t('status')}
        <select value={ticket.status} onChange={(e) => void patch({ status: (e.target as HTMLSelectElement).value as TicketPatch['status'] })}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status${s[0]!.toUpperCase()}${s.slice(1)}` as 'statusOpen')}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('priority')}
        <select value={ticket.priority} onChange={(e) => void patch({ priority: (e.target as HTMLSelectElement).value as TicketPatch['priority'] })}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {priorityLabel(p)}
            </option>
          ))}
        </select>
      </label>
      <dl>
        <dt>{t('assignee')}</dt>
        <dd>{ticket.assignee ?? t('unassigned')}</dd>
        <dt>{t('slaDue')}</dt>
        <dd>
          {formatDateTime(ticket.firstResponseDueAt)}
          {ticket.slaBreachedAt ? ` · ${t('slaBreached')}` : ''}
        </dd>
        {ticket.tags.length > 0 && (
          <>
            <dt>{t('tags')}</dt>
            <dd>{ticket.tags.join(', ')}</dd>
          </>
        )}
        {c && (
          <>
            <dt>{t('classification')}</dt>
            <dd>
              {c.intent} · {c.lang} · {Math.round(c.confidence * 100)}%
            </dd>
          </>
        )}
      </dl>
    </aside>
  );
}
