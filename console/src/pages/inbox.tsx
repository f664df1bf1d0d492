import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { must, type Ticket } from '../api';
import { useApp } from '../context';
import { fold, relative, t } from '../i18n';
import { lastChange } from '../live';
import { navigate } from '../router';
import { isTyping } from '../shell';
import { MacroMenu } from '../macros/macro-menu';
import { TicketView } from '../ticket/ticket-view';
import { ChannelBadge, PriorityBadge } from '../ui/badges';
import { ViewList } from '../ui/view-list';
import { useViewCounts } from '../view-counts';
import { keeps, queryOf, type Sort, type ViewId } from '../views';

const PAGE = 50;

type SearchSort = 'newest' | 'best';

/** The inbox: views on the left, the view's tickets, and the open ticket beside them (alone on a phone). */
export function Inbox({ ticketId }: { ticketId?: string | undefined }) {
  const { api, session } = useApp();
  const [view, setView] = useState<ViewId>(() => (sessionStorage.getItem('destek.view') as ViewId | null) ?? 'open');
  const [sort, setSort] = useState<Sort>(() => (sessionStorage.getItem('destek.sort') as Sort | null) ?? 'priority');
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState(0);
  const [filter, setFilter] = useState('');
  /** Tickets ticked for a macro (ids). */
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const togglePicked = (id: string) =>
    setPicked((before) => {
      const after = new Set(before);
      if (!after.delete(id)) after.add(id);
      return after;
    });
  // Enter in the box searches every ticket (GET /search); typing alone filters the view's loaded page.
  const [searching, setSearching] = useState<{ q: string; sort: SearchSort } | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const counts = useViewCounts();

  // Only the latest load may set the list: a view's first page that answers after a search must not replace its results.
  const latestLoad = useRef(0);
  const load = async (cursor?: string) => {
    const generation = ++latestLoad.current;
    try {
      const after = cursor ? { cursor } : {};
      const page = searching
        ? await must(api.GET('/search', { params: { query: { q: searching.q, sort: searching.sort, limit: PAGE, ...after } } }))
        : await must(api.GET('/tickets', { params: { query: { ...queryOf(view, session.agent.sub, sort), limit: PAGE, ...after } } }));
      if (generation !== latestLoad.current) return;
      const kept = searching ? page.items : page.items.filter((ticket) => keeps(view, ticket));
      setTickets((before) => (cursor ? [...before, ...kept] : kept));
      setNext(page.next);
      setError(undefined);
    } catch (e) {
      if (generation === latestLoad.current) setError((e as Error).message);
    } finally {
      if (generation === latestLoad.current) setLoading(false);
    }
  };

  useEffect(() => {
    sessionStorage.setItem('destek.view', view);
    sessionStorage.setItem('destek.sort', sort);
    setLoading(true);
    setSelected(0);
    void load();
  }, [view, sort, searching]);
  // Another agent's change or a customer's message: the first page again.
  const change = lastChange.value;
  useEffect(() => {
    if (change.at) void load();
  }, [change.at]);

  const shown = useMemo(() => {
    const q = fold(filter.trim());
    if (!q || searching) return tickets;
    return tickets.filter((ticket) =>
      fold(
        [
          ticket.reference,
          ticket.subject ?? '',
          ticket.preview ?? '',
          ticket.customerName ?? '',
          ticket.channel,
          ticket.classification?.intent ?? '',
          ...ticket.tags,
        ].join(' '),
      ).includes(q),
    );
  }, [tickets, filter, searching]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === 'j' || e.key === 'ArrowDown') setSelected((i) => Math.min(i + 1, shown.length - 1));
      else if (e.key === 'k' || e.key === 'ArrowUp') setSelected((i) => Math.max(i - 1, 0));
      else if (e.key === 'Enter' && shown[selected]) navigate({ page: 'inbox', ticketId: shown[selected]!.id });
      else if (e.key === 'x' && shown[selected]) togglePicked(shown[selected]!.id);
      else if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      } else return;
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [shown, selected]);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <div class={`inbox${ticketId ? ' has-ticket' : ''}`}>
      <ViewList
        current={view}
        onSelect={(v) => {
          setSearching(null);
          setView(v);
        }}
        counts={counts}
      />
      <section class="ticket-list" aria-label={searching ? t('searchResults', { query: searching.q }) : t('navInbox')}>
        <div class="list-tools">
          <form
            class="search"
            onSubmit={(e) => {
              e.preventDefault();
              const q = filter.trim();
              setSearching(q ? { q, sort: searching?.sort ?? 'newest' } : null);
            }}
          >
            <label>
              <span class="visually-hidden">{t('search')}</span>
              <input
                ref={search}
                type="search"
                name="q"
                placeholder={`${t('search')} (/)`}
                title={t('searchHint')}
                value={filter}
                maxLength={200}
                onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
              />
            </label>
            <button type="submit" class="visually-hidden">
              {t('searchAll')}
            </button>
          </form>
          {searching ? (
            <select
              value={searching.sort}
              onChange={(e) => setSearching({ ...searching, sort: (e.target as HTMLSelectElement).value as SearchSort })}
              aria-label={t('sortBy')}
            >
              <option value="newest">{t('sortNewest')}</option>
              <option value="best">{t('sortBest')}</option>
            </select>
          ) : (
            <label>
              <span class="visually-hidden">{t('sortBy')}</span>
              <select value={sort} onChange={(e) => setSort((e.target as HTMLSelectElement).value as Sort)} aria-label={t('sortBy')}>
                <option value="priority">{t('sortPriority')}</option>
                <option value="updated">{t('sortUpdated')}</option>
              </select>
            </label>
          )}
        </div>
        {picked.size > 0 && (
          <fieldset class="bulk-bar">
            <legend>{t('selectedCount', { count: picked.size })}</legend>
            <MacroMenu
              tickets={[...picked]}
              onDone={async () => {
                setPicked(new Set());
                await load();
              }}
            />
            <button type="button" onClick={() => setPicked(new Set())}>
              {t('clearSelection')}
            </button>
          </fieldset>
        )}
        {searching && (
          <p class="search-results">
            <span>{t('searchResults', { query: searching.q })}</span>{' '}
            <button
              type="button"
              onClick={() => {
                setSearching(null);
                setFilter('');
              }}
            >
              {t('searchClear')}
            </button>
          </p>
        )}
        {error && (
          <p role="alert" class="error">
            {t('error', { message: error })}{' '}
            <button type="button" onClick={() => void load()}>
              {t('retry')}
            </button>
          </p>
        )}
        {loading && !tickets.length ? <p class="muted">{t('loading')}</p> : null}
        {!loading && !shown.length && !error ? <p class="muted">{t(searching ? 'searchNone' : 'noTickets')}</p> : null}
        <ul ref={list} class="rows">
          {shown.map((ticket, i) => (
            <TicketRow
              key={ticket.id}
              ticket={ticket}
              index={i}
              selected={i === selected}
              open={ticket.id === ticketId}
              picked={picked.has(ticket.id)}
              onPick={() => togglePicked(ticket.id)}
            />
          ))}
        </ul>
        {next && (
          <button type="button" class="more" onClick={() => void load(next)}>
            {t('loadMore')}
          </button>
        )}
      </section>
      {ticketId && <TicketView key={ticketId} ticketId={ticketId} />}
    </div>
  );
}

function TicketRow(p: { ticket: Ticket; index: number; selected: boolean; open: boolean; picked: boolean; onPick: () => void }) {
  const { ticket, index, selected, open } = p;
  const due = !ticket.firstResponseAt && !ticket.slaBreachedAt ? ticket.firstResponseDueAt : undefined;
  const overdue = ticket.slaBreachedAt || (due && new Date(due).getTime() < Date.now());
  return (
    <li data-index={index} class={`row${selected ? ' selected' : ''}${open ? ' open' : ''}`}>
      <input type="checkbox" class="pick" checked={p.picked} onChange={p.onPick} aria-label={t('selectTicket', { reference: ticket.reference })} />
      <a href={`#/tickets/${ticket.id}`} aria-current={open ? 'true' : undefined}>
        <span class="row-top">
          <ChannelBadge channel={ticket.channel} />
          <span class="ref">{ticket.reference}</span>
          <span class="customer">{ticket.customerName ?? ticket.contactHints[0]?.value ?? ''}</span>
          <PriorityBadge priority={ticket.priority} />
        </span>
        <span class="subject">{ticket.subject ?? ticket.preview ?? ''}</span>
        <span class="row-bottom">
          {overdue ? <span class="sla breached">{t('slaBreached')}</span> : due ? <span class="sla">{t('slaLeft', { time: relative(due) })}</span> : null}
          <span class="assignee">{ticket.assignee ?? t('unassigned')}</span>
          <span class="updated">{relative(ticket.updatedAt)}</span>
        </span>
      </a>
    </li>
  );
}
