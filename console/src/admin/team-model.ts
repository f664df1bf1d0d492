import type { components } from '#agent/api-types';
import { ApiError } from '../api';
import { t, type MessageKey } from '../i18n';

/** The teams section's vocabulary: the API's shapes, how they are named on screen, what a refusal means. */
export type Team = components['schemas']['Team'];
export type AgentProfile = components['schemas']['AgentProfile'];
export type Assignment = Team['assignment'];

export const ASSIGNMENTS: readonly Assignment[] = ['round-robin', 'least-open', 'manual'];
const ASSIGNMENT_KEYS: Record<Assignment, MessageKey> = {
  'round-robin': 'teamsRoundRobin',
  'least-open': 'teamsLeastOpen',
  manual: 'teamsManual',
};
export const assignmentLabel = (a: Assignment) => t(ASSIGNMENT_KEYS[a]);

/** How an agent is shown: the name an admin gave, else the e-mail, else the id (the token's sub). */
/** How an agent is named on the page: the name, else the e-mail, else the id. */
export const agentName = (a: AgentProfile) => a.name ?? a.email ?? a.agentId;

export const agentLabel = (agents: readonly AgentProfile[], id: string) => {
  const a = agents.find((x) => x.agentId === id);
  return a ? agentName(a) : id;
};

/** What the section reads once and after every change: the agents, the teams and the calendar names. */
export interface Directory {
  readonly agents: AgentProfile[];
  readonly teams: Team[];
  readonly calendars: string[];
}

/** A refusal in one line for the admin: what a 404 or 409 means here, else the API's message. */
export function refusalLine(e: unknown, what: { id: string }): string {
  if (e instanceof ApiError && e.status === 409) return t('teamsExists', what);
  if (e instanceof ApiError && e.status === 404) return t('teamsGone', what);
  return t('error', { message: (e as Error).message });
}

/** The team is gone: the editor closes and the section tells why, over the list read again. */
export const isGone = (e: unknown) => e instanceof ApiError && e.status === 404;
