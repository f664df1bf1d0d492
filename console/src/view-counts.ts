import { useEffect, useRef, useState } from 'preact/hooks';
import type { components } from '#agent/api-types';
import { must } from './api';
import { useApp } from './context';
import { lastChange } from './live';
import { CHANNELS, type ViewId } from './views';

export type TicketCounts = components['schemas']['TicketCounts'];

/** Changes come in bursts (a reply is several events): the counts are fetched a second after a change... */
const SETTLE_MS = 1_000;
/**
 * ...and at most once in this long, so a busy shop's stream of changes neither postpones them for
 * ever (a plain debounce would) nor has every open console read every open ticket's index entry each second.
 */
const MIN_INTERVAL_MS = 5_000;

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
 * The inbox views' live counts: fetched once, then again a second after a change (live.ts), at most
 * every five seconds. A failed fetch keeps the last counts (the badges are a convenience, the lists
 * are the truth).
 */
export function useViewCounts(): Partial<Record<ViewId, number>> {
  const { api } = useApp();
  const [counts, setCounts] = useState<Partial<Record<ViewId, number>>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastFetch = useRef(0);
  const mounted = useRef(true);
  const change = lastChange.value.at;

  const fetchCounts = async () => {
    timer.current = undefined;
    lastFetch.current = Date.now();
    try {
      const c = await must(api.GET('/tickets/counts'));
      if (mounted.current) setCounts(countsByView(c));
    } catch {
      // Kept: the previous counts stay until the next change.
    }
  };

  useEffect(() => {
    mounted.current = true;
    void fetchCounts();
    return () => {
      mounted.current = false;
      clearTimeout(timer.current);
    };
  }, [api]);

  useEffect(() => {
    // A fetch already waiting will see this change too.
    if (!change || timer.current) return;
    const wait = Math.max(SETTLE_MS, lastFetch.current + MIN_INTERVAL_MS - Date.now());
    timer.current = setTimeout(() => void fetchCounts(), wait);
  }, [change]);

  return counts;
}
