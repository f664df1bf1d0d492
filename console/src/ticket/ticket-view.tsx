import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, must, type TicketWithTimeline } from '../api';
import { useApp } from '../context';
import { t } from '../i18n';
import { lastChange } from '../live';
import { navigate } from '../router';
import { isTyping } from '../shell';
import { MacroMenu } from '../macros/macro-menu';
import { ChannelBadge, PriorityBadge } from '../ui/badges';
import { Composer } from './composer';
import { SidePanel } from './side-panel';
import { Timeline } from './timeline';

export type TicketPatch = {
  status?: 'open' | 'pending' | 'resolved' | 'closed';
  priority?: TicketWithTimeline['priority'];
  assignee?: string | null;
  addTags?: string[];
  removeTags?: string[];
};

/** One ticket: its timeline across channels, the composer, and the side panel. */
export function TicketView({ ticketId }: { ticketId: string }) {
  const { api, session } = useApp();
  const [ticket, setTicket] = useState<TicketWithTimeline>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  /** The ticket as last loaded, for changes queued behind one another (the rendered state lags a render behind). */
  const shown = useRef<TicketWithTimeline>();
  /** The agent's own changes, one after another: a second key press waits for the first change and its reload. */
  const changes = useRef<Promise<void>>(Promise.resolve());

  const load = async () => {
    try {
      const loaded = await must(api.GET('/tickets/{id}', { params: { path: { id: ticketId }, query: { limit: 200 } } }));
      shown.current = loaded;
      setTicket(loaded);
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load();
  }, [ticketId]);
  const change = lastChange.value;
  useEffect(() => {
    if (change.at && (!change.ticketId || change.ticketId === ticketId)) void load();
  }, [change.at]);

  /**
   * A change made on the version shown; if someone else changed the ticket since, the latest is loaded
   * and the agent told. The agent's own quick changes ("a" then "e") queue, each on the version the one
   * before left, so they never collide with each other.
   */
  const patch = (body: TicketPatch): Promise<void> => {
    changes.current = changes.current.then(() => send(body));
    return changes.current;
  };
  const send = async (body: TicketPatch) => {
    const current = shown.current;
    if (!current) return;
    try {
      await must(api.PATCH('/tickets/{id}', { params: { path: { id: ticketId } }, body: { ...body, version: current.version } }));
      setNotice(undefined);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setNotice(t('staleWrite'));
      else setNotice(t('error', { message: (e as Error).message }));
    }
    await load();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e) || e.metaKey || e.ctrlKey || e.altKey || !ticket) return;
      if (e.key === 'e') void patch({ status: 'resolved' });
      else if (e.key === 'a') void patch({ assignee: session.agent.sub });
      else if (e.key === 'Escape') navigate({ page: 'inbox' });
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [ticket]);

  if (error)
    return (
      <section class="ticket" role="alert">
        {t('error', { message: error })}
      </section>
    );
  if (!ticket) return <section class="ticket">{t('loading')}</section>;
  return (
    <section class="ticket" aria-labelledby="ticket-title">
      <header class="ticket-head">
        <a class="back" href="#/">
          ← <span>{t('back')}</span>
        </a>
        <h1 id="ticket-title">
          <ChannelBadge channel={ticket.channel} /> {ticket.reference} {ticket.subject ?? ''}
        </h1>
        <PriorityBadge priority={ticket.priority} />
        <div class="actions">
          <MacroMenu tickets={[ticket.id]} onDone={load} />
          {ticket.assignee !== session.agent.sub && (
            <button type="button" onClick={() => void patch({ assignee: session.agent.sub })}>
              {t('assignToMe')}
            </button>
          )}
          {ticket.status === 'resolved' || ticket.status === 'closed' ? (
            <button type="button" onClick={() => void patch({ status: 'open' })}>
              {t('reopen')}
            </button>
          ) : (
            <button type="button" class="primary" onClick={() => void patch({ status: 'resolved' })}>
              {t('resolve')}
            </button>
          )}
        </div>
      </header>
      {notice && (
        <p role="status" class="notice">
          {notice}
        </p>
      )}
      <div class="ticket-body">
        <div class="conversation">
          <Timeline ticket={ticket} />
          <Composer ticket={ticket} onSent={load} />
        </div>
        <SidePanel ticket={ticket} patch={patch} reload={load} />
      </div>
    </section>
  );
}
