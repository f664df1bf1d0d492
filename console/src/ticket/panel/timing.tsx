import { useEffect, useState } from 'preact/hooks';
import type { TicketWithTimeline } from '../../api';
import { formatDateTime, relative, t } from '../../i18n';
import { SlaTargets } from './sla-targets';

/** The current time, ticking each half minute so "in 12 min" stays true while the ticket is open. */
function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

const When = ({ iso }: { iso: string }) => <time dateTime={iso}>{formatDateTime(iso)}</time>;

/** The first-response promise: when it is due, how long is left, and whether it was broken. */
export function SlaInfo({ ticket }: { ticket: TicketWithTimeline }) {
  const now = useNow();
  const due = ticket.firstResponseDueAt;
  const overdue = !ticket.firstResponseAt && Date.parse(due) < now;
  const breached = Boolean(ticket.slaBreachedAt) || overdue;
  return (
    <section class="panel-section" aria-labelledby="panel-sla">
      <h2 id="panel-sla">{t('panelSla')}</h2>
      <dl>
        <dt>{t('slaDue')}</dt>
        <dd>
          <When iso={due} />
          {!ticket.firstResponseAt && !breached && <span class="sla-left"> · {t('slaLeft', { time: relative(due, now) })}</span>}
        </dd>
        {ticket.firstResponseAt && <dd class="sla-ok">{t('panelSlaAnswered', { time: formatDateTime(ticket.firstResponseAt) })}</dd>}
        <SlaTargets ticket={ticket} now={now} />
        {breached && (
          <dd class="sla breached" role="status">
            {t('slaBreached')} ·{' '}
            {ticket.slaBreachedAt
              ? t('panelSlaBreachedAt', { time: formatDateTime(ticket.slaBreachedAt) })
              : t('panelSlaOverdue', { time: relative(due, now) })}
          </dd>
        )}
      </dl>
    </section>
  );
}

/** Whether a free-form reply may go out now (WhatsApp's 24 hours, Messenger's and Instagram's windows). */
export function ReplyWindowInfo({ ticket }: { ticket: TicketWithTimeline }) {
  const w = ticket.replyWindow;
  return (
    <section class="panel-section" aria-labelledby="panel-window">
      <h2 id="panel-window">{t('panelReplyWindow')}</h2>
      {w.open ? (
        <p class="window-open">
          {w.closesAt ? t('panelWindowOpenUntil', { time: `${formatDateTime(w.closesAt)} (${relative(w.closesAt)})` }) : t('panelWindowNone')}
        </p>
      ) : (
        <div class="window-closed">
          <p class="error">{t('panelWindowClosed')}</p>
          {w.templateRequired && <p>{t('panelTemplateRequired')}</p>}
          {w.reason && <p class="muted">{w.reason}</p>}
        </div>
      )}
    </section>
  );
}
