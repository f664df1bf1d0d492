import { createHash, randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '#core/errors';
import { interactionId, type Interaction, type Ticket } from '#core/model';
import type { AgentStore, TicketChange } from './ports';

/** Concurrent writers (other agents, the pipeline): re-read and re-apply this many times. */
const MAX_ATTEMPTS = 6;

export const shortHash = (s: string): string => createHash('sha256').update(s).digest('base64url').slice(0, 16);

/** An internal timeline entry: a note or an event, never sent to the customer. */
export function internalInteraction(t: Ticket, at: string, author: string, fields: Pick<Interaction, 'kind' | 'text'> & Partial<Interaction>): Interaction {
  return {
    ticketId: t.id,
    key: interactionId(at, shortHash(`${randomUUID()}`)),
    direction: 'internal',
    channel: t.channel,
    customerId: t.customerId,
    at,
    author,
    ...fields,
  };
}

export type Plan = Omit<TicketChange, 'expectedVersion'> | 'unchanged';

/**
 * Read-modify-write of one ticket under its version, the same protocol the pipeline uses: the plan
 * is made from the ticket as read and committed only if nobody wrote it since; otherwise it is made
 * again from the new ticket, so no concurrent change is lost. With `expectedVersion` (the client's
 * If-Match), a ticket that moved on is a 409 instead.
 */
export async function changeTicket(
  store: Pick<AgentStore, 'getTicket' | 'commitTicketChange'>,
  id: string,
  plan: (t: Ticket) => Plan,
  expectedVersion?: number,
): Promise<{ ticket: Ticket; change: Plan; result: 'committed' | 'duplicate' | 'unchanged' }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await store.getTicket(id);
    if (!current) throw new NotFoundError(`ticket ${id} does not exist`);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new ConflictError(`ticket ${id} is at version ${current.version}, not ${expectedVersion}: reload and try again`, { version: current.version });
    }
    const change = plan(current);
    if (change === 'unchanged') return { ticket: current, change, result: 'unchanged' };
    const result = await store.commitTicketChange({ ...change, expectedVersion: current.version });
    if (result !== 'conflict') return { ticket: result === 'committed' ? change.ticket : current, change, result };
    if (expectedVersion !== undefined) throw new ConflictError(`ticket ${id} changed meanwhile: reload and try again`);
  }
  throw new ConflictError(`ticket ${id} is changing too fast; try again`);
}

/** The next version of a ticket, touched now. */
export const bump = (t: Ticket, nowIso: string, fields: Partial<Ticket>): Ticket => ({ ...t, ...fields, updatedAt: nowIso, version: t.version + 1 });
