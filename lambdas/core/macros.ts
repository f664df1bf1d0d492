/**
 * Macros (issue 21): a named set of actions an agent runs on one ticket or many. Each ticket it runs
 * on gets one timeline event naming the macro and what it changed; its reply goes out as an agent's.
 */
import type { TicketActions } from './ticket-actions';

export interface MacroActions extends TicketActions {
  /** The reply per locale (locale → text with {{customer.name}}, {{ticket.number}}, {{order.number}}, {{agent.name}}). */
  readonly reply?: Readonly<Record<string, string>>;
  /** An internal note (the same variables). */
  readonly note?: string;
}

export interface Macro {
  readonly id: string;
  readonly name: string;
  readonly actions: MacroActions;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** At most this many tickets in one run (one request stays well inside the API's time limit). */
export const MAX_MACRO_TICKETS = 50;
