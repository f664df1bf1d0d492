import { useEffect, useState } from 'preact/hooks';
import type { components } from '#agent/api-types';
import { must, type Channel, type Ticket, type TicketWithTimeline } from '../../api';
import { useApp } from '../../context';
import { formatDateTime, t } from '../../i18n';
import { hrefOf } from '../../router';
import { channelLabel } from '../../ui/badges';
import { CUSTOMER_HEADING_ID } from './dialog';
import { EraseDialog, type EraseResult } from './erase-dialog';
import { MergeDialog, type MergeResult } from './merge-dialog';

type Customer360 = components['schemas']['Customer360'];
/** Tickets per page of the card (ratings are counted over the pages shown). */
const PAGE = 25;
type Hint = Ticket['contactHints'][number];
const NPS_CLASS_KEYS = { promoter: 'npsPromoter', passive: 'npsPassive', detractor: 'npsDetractor' } as const;

const CHANNELS: readonly string[] = ['email', 'chat', 'whatsapp', 'messenger', 'instagram', 'telegram'];
const identityLabel = (kind: string) => (CHANNELS.includes(kind) ? channelLabel(kind as Channel) : kind === 'phone' ? t('panelPhone') : kind);

/** Addresses the customer typed (on the profile and on this ticket), each once. */
export function unverifiedHints(customer: readonly Hint[], ticket: readonly Hint[]): Hint[] {
  const seen = new Set<string>();
  return [...customer, ...ticket].filter((h) => !seen.has(`${h.type}:${h.value}`) && seen.add(`${h.type}:${h.value}`));
}

/**
 * Who the customer is across channels: proven identities, addresses they only typed (marked
 * unverified), their other tickets and the ratings they gave; for admins, merge and erasure.
 */
export function CustomerCard({ ticket, reload }: { ticket: TicketWithTimeline; reload: () => Promise<void> }) {
  const { api, session } = useApp();
  const [customer, setCustomer] = useState<Customer360>();
  const [error, setError] = useState<string>();
  const [outcome, setOutcome] = useState<string>();
  const [dialog, setDialog] = useState<'merge' | 'erase'>();
  const [moreTickets, setMoreTickets] = useState<{ items: Ticket[]; next: string | null }>();

  const load = async () => {
    try {
      setCustomer(await must(api.GET('/customers/{id}', { params: { path: { id: ticket.customerId }, query: { limit: PAGE } } })));
      setMoreTickets(undefined);
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  // The ticket's version moves with every change, merges and erasures included.
  useEffect(() => {
    void load();
  }, [ticket.customerId, ticket.version]);

  const loadMoreTickets = async (id: string, cursor: string) => {
    try {
      const page = await must(api.GET('/customers/{id}', { params: { path: { id }, query: { limit: PAGE, ticketsCursor: cursor } } }));
      setMoreTickets((m) => ({ items: [...(m?.items ?? []), ...page.tickets.items], next: page.tickets.next }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const merged = async (r: MergeResult) => {
    setOutcome(t('panelMergeDone', { from: r.from, into: r.into, ...r.moved }));
    setDialog(undefined);
    await reload();
  };
  const erased = async (r: EraseResult) => {
    // The card shows the erased customer before the dialog closes: the focus then goes to the card's heading, the erase button being gone.
    await reload();
    await load();
    setOutcome(t('panelEraseDone', { time: formatDateTime(r.erasedAt), ...r.erased }));
    setDialog(undefined);
  };

  const heading = (
    <h2 id={CUSTOMER_HEADING_ID} tabIndex={-1}>
      {t('panelCustomer')}
    </h2>
  );
  if (!customer)
    return (
      <section class="panel-section customer-card" aria-labelledby={CUSTOMER_HEADING_ID}>
        {heading}
        {error ? (
          <p class="error" role="alert">
            {t('error', { message: error })}
          </p>
        ) : (
          <p class="muted">{t('loading')}</p>
        )}
      </section>
    );

  const hints = unverifiedHints(customer.contactHints, ticket.contactHints);
  const tickets = [...customer.tickets.items, ...(moreTickets?.items ?? [])];
  const nextTickets = moreTickets ? moreTickets.next : customer.tickets.next;
  const others = tickets.filter((x) => x.id !== ticket.id);
  const rated = tickets.filter((x) => x.csat);
  return (
    <section class="panel-section customer-card" aria-labelledby={CUSTOMER_HEADING_ID}>
      {heading}
      <p class="customer-name">{customer.name ?? customer.email ?? customer.phone ?? <span class="muted">{t('panelNoName')}</span>}</p>
      <dl class="facts">
        <dt>{t('panelCustomerId')}</dt>
        <dd>
          <code class="customer-id">{customer.id}</code>
        </dd>
        {customer.category && (
          <>
            <dt>{t('panelCategory')}</dt>
            <dd>{customer.category}</dd>
          </>
        )}
      </dl>
      <p class="muted">{t('panelCustomerSince', { time: formatDateTime(customer.createdAt) })}</p>
      {customer.redirectedFrom && <p class="muted">{t('panelCustomerMoved', { id: customer.id })}</p>}
      {customer.erasedAt && <p class="notice-inline">{t('panelCustomerErased', { time: formatDateTime(customer.erasedAt) })}</p>}
      {outcome && (
        <p class="notice-inline" role="status">
          {outcome}
        </p>
      )}

      <h3 id="panel-identities">{t('panelIdentities')}</h3>
      {customer.identities.length > 0 ? (
        <ul class="plain-list identities" aria-labelledby="panel-identities">
          {customer.identities.map((i) => (
            <li key={`${i.kind}:${i.address}`}>
              <span class="identity-kind">{identityLabel(i.kind)}</span> <span class="identity-address">{i.address}</span>{' '}
              <span class="badge verified">{t('panelVerified')}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('panelNone')}</p>
      )}

      {hints.length > 0 && (
        <>
          <h3 id="panel-hints">{t('panelHints')}</h3>
          <ul class="plain-list hints" aria-labelledby="panel-hints">
            {hints.map((h) => (
              <li key={`${h.type}:${h.value}`}>
                <span class="identity-kind">{identityLabel(h.type)}</span> <span class="identity-address">{h.value}</span>{' '}
                <span class="badge unverified">{t('panelUnverified')}</span>
              </li>
            ))}
          </ul>
        </>
      )}

      <h3 id="panel-other-tickets">{t('panelOtherTickets')}</h3>
      {others.length > 0 ? (
        <ul class="plain-list other-tickets" aria-labelledby="panel-other-tickets">
          {others.map((o) => (
            <li key={o.id}>
              <a href={hrefOf({ page: 'inbox', ticketId: o.id })}>{o.reference}</a> <span class="muted">{channelLabel(o.channel)}</span>{' '}
              <span>{t(`status${o.status[0]!.toUpperCase()}${o.status.slice(1)}` as 'statusOpen')}</span>
              {o.subject && <span class="other-subject"> · {o.subject}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('panelNoOtherTickets')}</p>
      )}
      {nextTickets && (
        <button type="button" class="link" onClick={() => void loadMoreTickets(customer.id, nextTickets)}>
          {t('panelMoreTickets')}
        </button>
      )}

      <h3 id="panel-csat">{t('panelCsat')}</h3>
      {rated.length > 0 ? (
        <ul class="plain-list csat" aria-labelledby="panel-csat">
          {rated.map((r) => (
            <li key={r.id}>
              <strong>{t('panelCsatScore', { score: r.csat!.score })}</strong> <span class="muted">{r.reference}</span>
              {r.csat!.comment && <q class="csat-comment">{r.csat!.comment}</q>}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('panelNoCsat')}</p>
      )}

      <h3 id="panel-nps">{t('panelNps')}</h3>
      {customer.nps.latest ? (
        <p class="nps-latest">
          <strong>{t('panelNpsScore', { score: customer.nps.latest.score })}</strong>{' '}
          <span class={`badge nps-${customer.nps.latest.class}`}>{t(NPS_CLASS_KEYS[customer.nps.latest.class])}</span>{' '}
          <span class="muted">{formatDateTime(customer.nps.latest.answeredAt)}</span>
          {customer.nps.latest.comment && <q class="csat-comment">{customer.nps.latest.comment}</q>}
        </p>
      ) : (
        <p class="muted">{t('panelNoNps')}</p>
      )}

      {session.agent.admin && !customer.erasedAt && (
        <fieldset class="admin-actions">
          <legend>{t('panelAdmin')}</legend>
          <button type="button" onClick={() => setDialog('merge')}>
            {t('panelMerge')}
          </button>
          <button type="button" class="danger" onClick={() => setDialog('erase')}>
            {t('panelErase')}
          </button>
        </fieldset>
      )}
      {dialog === 'merge' && <MergeDialog from={customer.id} onDone={(r) => void merged(r)} onClose={() => setDialog(undefined)} />}
      {dialog === 'erase' && <EraseDialog id={customer.id} onDone={(r) => void erased(r)} onClose={() => setDialog(undefined)} />}
    </section>
  );
}
