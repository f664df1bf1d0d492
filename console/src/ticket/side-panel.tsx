import type { TicketWithTimeline } from '../api';
import { t } from '../i18n';
import { PRIORITIES, priorityLabel, STATUSES, statusLabel } from '../ui/badges';
import { AssigneeField } from './panel/assignee';
import { BotClassification } from './panel/classification';
import { CustomerCard } from './panel/customer-card';
import { ReplyWindowInfo, SlaInfo } from './panel/timing';
import { TagEditor } from './panel/tags';
import type { TicketPatch } from './ticket-view';

export interface PanelProps {
  readonly ticket: TicketWithTimeline;
  /** A change on the version shown (ticket-view explains a stale one and loads the latest). */
  readonly patch: (p: TicketPatch) => Promise<void>;
  readonly reload: () => Promise<void>;
}

/** Everything about the ticket beside its conversation: state, timing, the bot's reading, and who the customer is. */
export function SidePanel({ ticket, patch, reload }: PanelProps) {
  return (
    <aside class="side-panel" aria-label={t('ticket')}>
      <section class="panel-section">
        <label>
          {t('status')}
          <select value={ticket.status} onChange={(e) => void patch({ status: (e.target as HTMLSelectElement).value as TicketPatch['status'] })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
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
        <AssigneeField ticket={ticket} patch={patch} />
        <TagEditor ticket={ticket} patch={patch} />
      </section>
      <SlaInfo ticket={ticket} />
      <ReplyWindowInfo ticket={ticket} />
      <BotClassification ticket={ticket} />
      <CustomerCard ticket={ticket} reload={reload} />
    </aside>
  );
}
