import { useEffect, useState } from 'preact/hooks';
import type { TicketWithTimeline } from '../../api';
import { useApp } from '../../context';
import { t } from '../../i18n';
import type { TicketPatch } from '../ticket-view';

/**
 * Who has the ticket: take it, let it go, or hand it to another agent by id (there is no agent
 * directory to pick from yet, so the id is typed).
 */
export function AssigneeField({ ticket, patch }: { ticket: TicketWithTimeline; patch: (p: TicketPatch) => Promise<void> }) {
  const { session } = useApp();
  const [other, setOther] = useState('');
  const mine = ticket.assignee === session.agent.sub;
  // Emptied once the ticket is theirs; a refused (stale) change leaves the id there to send again.
  useEffect(() => {
    if (other.trim() && other.trim() === ticket.assignee) setOther('');
  }, [ticket.assignee]);
  const submit = (e: Event) => {
    e.preventDefault();
    const id = other.trim();
    if (!id || id === ticket.assignee) return;
    void patch({ assignee: id });
  };
  return (
    <fieldset class="panel-field assignee">
      <legend>{t('assignee')}</legend>
      <p class="assignee-now">
        {ticket.assignee ? (
          <>
            <span>{ticket.assignee}</span>
            {mine && <span class="muted"> ({t('panelAssignedToMe')})</span>}
          </>
        ) : (
          <span class="muted">{t('unassigned')}</span>
        )}
      </p>
      <div class="panel-buttons">
        {!mine && (
          <button type="button" onClick={() => void patch({ assignee: session.agent.sub })}>
            {t('assignToMe')}
          </button>
        )}
        {ticket.assignee && (
          <button type="button" onClick={() => void patch({ assignee: null })}>
            {t('panelUnassign')}
          </button>
        )}
      </div>
      <form class="inline-form" onSubmit={submit}>
        <label class="grow">
          <span class="visually-hidden">{t('panelAgentId')}</span>
          <input
            type="text"
            value={other}
            maxLength={128}
            placeholder={t('panelAgentId')}
            aria-describedby="assignee-hint"
            onInput={(e) => setOther((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={!other.trim()}>
          {t('panelAssignOther')}
        </button>
      </form>
      <p id="assignee-hint" class="hint muted">
        {t('panelAgentIdHint')}
      </p>
    </fieldset>
  );
}
