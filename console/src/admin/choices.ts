import { channelLabel, PRIORITIES, priorityLabel, STATUSES, statusLabel } from '../ui/badges';
import { CHANNELS } from '../views';
import type { AdminOptions } from './admin-options';
import type { Choice } from './rows';

/** The choices the rules' and macros' selects offer, labelled in the admin's language. */
export const channelChoices = (): Choice[] => CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }));
export const priorityChoices = (): Choice[] => PRIORITIES.map((p) => ({ value: p, label: priorityLabel(p) }));
export const statusChoices = (): Choice[] => STATUSES.map((s) => ({ value: s, label: statusLabel(s) }));
export const teamChoices = (o: AdminOptions): Choice[] => o.teams.map((team) => ({ value: team.id, label: team.name }));
export const agentSuggestions = (o: AdminOptions): string[] => o.agents.map((a) => a.agentId);
export const cannedChoices = (o: AdminOptions, locale: string): Choice[] => (o.canned[locale] ?? []).map((c) => ({ value: c.id, label: c.title }));
