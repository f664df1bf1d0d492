import { useEffect, useState } from 'preact/hooks';
import type { components } from '#agent/api-types';
import { must } from './api';
import { useApp } from './context';
import { lastChange } from './live';
import { CHANNELS, type ViewId } from './views';

export type TicketCounts = components['schemas']['TicketCounts'];

/** Changes come in bursts (a reply is several events): one refetch a second at most. */
const DEBOUNCE_MS = 1_000;

/** The views' counts from GET /tickets/counts, keyed as the view list shows them. */
export function countsByView(c: TicketCounts): Partial<Record<ViewId, number>> {
  const counts: Partial<Record<ViewId, number>> = {
    mine: c.open.mine,
    unassigned: c.open.unassigned,
    urgent: c.open.urgent,
    dueSoon: c.open.dueSoon,
    breached: c.open.breached,
    open: c.open.total,
    pending: c.pending,
    resolved: c.resolved,
  };
  for (const channel of CHANNELS) counts[`channel:${channel}`] = c.open.byChannel[channel] ?? 0;
  for (const [intent, n] of Object.entries(c.open.byIntent)) counts[`intent:${intent}`] = n;
  return counts;
}

/**
 * The inbox views' live counts: fetched once, then again a second after the latest change (live.ts).
 * A failed fetch keeps the last counts (the badges are a convenience, the lists are the truth).
 */
export function useViewCounts(): Partial<Record<ViewId, number>> {
  const { api } = useApp();
  const [counts, setCounts] = useState<Partial<Record<ViewId, number>>>({});
  const change = lastChange.value.at;
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(
      async () => {
        try {
          const c = await must(api.GET('/tickets/counts'));
          if (!cancelled) setCounts(countsByView(c));
        } catch {
          // Kept: the previous counts stay until the next change.
        }
      },
      change ? DEBOUNCE_MS : 0,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, change]);
  return counts;
}
