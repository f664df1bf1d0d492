import { formatTicketNumber, type Ticket } from './model';
import type { SlaTarget } from './sla-policy';
import type { AgentProfile, Team } from './teams';

/** An escalation (at the policy's share of a target) or a breach, told to agents by e-mail. */
export interface SlaNotice {
  readonly kind: 'escalated' | 'breached';
  readonly ticket: Pick<Ticket, 'id' | 'number' | 'subject' | 'priority' | 'channel'>;
  readonly target: SlaTarget;
  readonly policy: string;
  readonly dueAt: string;
  readonly to: readonly { readonly agentId: string; readonly email: string; readonly name?: string | undefined }[];
}

/** Sends the e-mails (adapters/sla-notifier.ts: SES). */
export interface SlaNotifier {
  notify(notice: SlaNotice): Promise<void>;
}

/**
 * Who is told: at the escalation the assignee, or the team's members while nobody has it; at the
 * breach the team lead. Only agents whose profile has an e-mail address.
 */
export function noticeRecipients(kind: SlaNotice['kind'], t: Pick<Ticket, 'assignee'>, team: Team | undefined): string[] {
  if (kind === 'breached') return team?.lead ? [team.lead] : [];
  if (t.assignee) return [t.assignee];
  return [...(team?.members ?? [])];
}

export const withEmail = (profiles: readonly (AgentProfile | undefined)[]) =>
  profiles.flatMap((p) => (p?.email ? [{ agentId: p.agentId, email: p.email, ...(p.name ? { name: p.name } : {}) }] : []));

const TARGET_WORDS: Record<SlaTarget, { tr: string; en: string }> = {
  first_response: { tr: 'ilk yanıt', en: 'first response' },
  next_response: { tr: 'sonraki yanıt', en: 'next response' },
  resolution: { tr: 'çözüm', en: 'resolution' },
};

/** The mail's subject and text, Turkish then English (agents of a Turkish shop read both). */
export function noticeMail(n: SlaNotice, timeZone: string, consoleUrl?: string): { subject: string; text: string } {
  const number = formatTicketNumber(n.ticket.number);
  const due = new Intl.DateTimeFormat('tr-TR', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(n.dueAt));
  const w = TARGET_WORDS[n.target];
  const subject =
    n.kind === 'escalated' ? `[${number}] SLA uyarısı / warning: ${w.en} due ${due}` : `[${number}] SLA aşıldı / breached: ${w.en} was due ${due}`;
  const lines =
    n.kind === 'escalated'
      ? [`${number} talebinin ${w.tr} süresi ${due} tarihinde doluyor.`, `Ticket ${number}: its ${w.en} is due ${due}.`]
      : [`${number} talebinin ${w.tr} süresi ${due} tarihinde doldu.`, `Ticket ${number}: its ${w.en} was due ${due} and is late.`];
  const text = [
    ...lines,
    '',
    `Politika / policy: ${n.policy} · öncelik / priority: ${n.ticket.priority} · kanal / channel: ${n.ticket.channel}`,
    ...(n.ticket.subject ? [`Konu / subject: ${n.ticket.subject}`] : []),
    ...(consoleUrl ? ['', `${consoleUrl.replace(/\/$/, '')}/#/tickets/${n.ticket.id}`] : []),
  ].join('\n');
  return { subject, text };
}
