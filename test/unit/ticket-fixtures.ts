import type { ChangeResult, TicketChange } from '#agent/ports';
import type { Interaction, Ticket } from '#core/model';

/** An open e-mail ticket of customer c_1, opened (and due for a first response) at `at` unless `over` says otherwise. */
export function openEmailTicket(at: string, over: Partial<Ticket> = {}): Ticket {
  return {
    id: '10001',
    number: 10001,
    status: 'open',
    priority: 'normal',
    channel: 'email',
    customerId: 'c_1',
    conversationKey: 'mid-1',
    locale: 'tr',
    createdAt: at,
    updatedAt: at,
    lastInboundAt: at,
    firstResponseDueAt: at,
    interactionCount: 1,
    version: 1,
    ...over,
  };
}

/** The agent store's ticket protocol in memory (the SLA checker's store): version-guarded, set-once facts, unique interaction keys. */
export class FakeTickets {
  readonly tickets = new Map<string, Ticket>();
  readonly interactions: Interaction[] = [];
  commits = 0;
  constructor(...ts: Ticket[]) {
    for (const t of ts) this.tickets.set(t.id, t);
  }
  // Each call yields, so concurrent checks interleave between their read and their write.
  private readonly tick = () => new Promise<void>((r) => setImmediate(r));
  async getTicket(id: string) {
    await this.tick();
    return this.tickets.get(id);
  }
  async commitTicketChange(c: TicketChange): Promise<ChangeResult> {
    await this.tick();
    const current = this.tickets.get(c.ticket.id);
    if (!current || current.version !== c.expectedVersion) return 'conflict';
    if (c.setsOnce && current[c.setsOnce] !== undefined) return 'conflict';
    if (c.interactions.some((i) => this.interactions.some((j) => j.key === i.key))) return 'conflict';
    this.tickets.set(c.ticket.id, c.ticket);
    this.interactions.push(...c.interactions);
    this.commits++;
    return 'committed';
  }
}
