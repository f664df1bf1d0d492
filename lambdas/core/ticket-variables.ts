/**
 * The variables a macro's reply or a rule's canned reply may name: {{customer.name}},
 * {{ticket.number}}, {{order.number}}, {{agent.name}}. One not known, or with no value on this
 * ticket, becomes empty (a bulk run must not stop on one ticket without an order).
 */
import { formatTicketNumber, type Ticket } from './model';

export const TICKET_VARIABLES = ['customer.name', 'ticket.number', 'order.number', 'agent.name'] as const;

export function ticketVariables(t: Ticket, agentName?: string): Record<string, string> {
  return {
    'customer.name': t.customerName ?? '',
    'ticket.number': formatTicketNumber(t.number),
    'order.number': t.orderNumber ?? '',
    'agent.name': agentName ?? '',
  };
}

export function renderVariables(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : '')).replace(/[ \t]+([,.!?])/g, '$1');
}

/** The text for the ticket's locale, else the first given (a shop may write one locale only). */
export function textForLocale(texts: Readonly<Record<string, string>>, locale: string): string | undefined {
  return texts[locale] ?? texts[locale.split('-')[0]!] ?? Object.values(texts)[0];
}
