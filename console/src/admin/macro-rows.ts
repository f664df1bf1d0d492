import type { components } from '#agent/api-types';
import { t } from '../i18n';
import type { AdminOptions } from './admin-options';
import { agentSuggestions, priorityChoices, statusChoices, teamChoices } from './choices';
import { newRow, type KindSpec, type Row } from './rows';

export type Macro = components['schemas']['Macro'];
type Actions = Macro['actions'];

const LIST_ACTIONS = ['addTags', 'removeTags'] as const;
const SCALAR_ACTIONS = ['note', 'status', 'priority', 'team', 'assignee'] as const;

export function macroActionKinds(o: AdminOptions): KindSpec[] {
  return [
    { kind: 'reply', label: t('macrosActReply'), localized: true, once: true, input: () => ({ type: 'textarea' }) },
    { kind: 'note', label: t('macrosActNote'), once: true, input: () => ({ type: 'textarea' }) },
    { kind: 'status', label: t('macrosActStatus'), once: true, input: () => ({ type: 'select', choices: statusChoices() }) },
    { kind: 'priority', label: t('rulesActPriority'), once: true, input: () => ({ type: 'select', choices: priorityChoices() }) },
    { kind: 'addTags', label: t('rulesActTag'), input: () => ({ type: 'text' }) },
    { kind: 'removeTags', label: t('macrosActRemoveTag'), input: () => ({ type: 'text' }) },
    { kind: 'team', label: t('rulesActTeam'), once: true, input: () => ({ type: 'select', choices: teamChoices(o) }) },
    { kind: 'assignee', label: t('rulesActAssignee'), once: true, input: () => ({ type: 'text', suggestions: agentSuggestions(o) }) },
    { kind: 'unassign', label: t('macrosActUnassign'), once: true, input: () => ({ type: 'none' }) },
  ];
}

export function macroActionRows(a: Actions): Row[] {
  const rows: Row[] = [];
  for (const [locale, text] of Object.entries(a.reply ?? {})) rows.push(newRow('reply', text, locale));
  for (const kind of SCALAR_ACTIONS) {
    const value = a[kind];
    if (value === null) rows.push(newRow('unassign'));
    else if (value !== undefined) rows.push(newRow(kind, value));
  }
  for (const kind of LIST_ACTIONS) for (const v of a[kind] ?? []) rows.push(newRow(kind, v));
  return rows;
}

/** The body's actions from the rows, and which row each refusal's path names. */
export function macroActionsOf(rows: readonly Row[]) {
  const targets = new Map<string, string>();
  const actions: Record<string, unknown> = {};
  const replies = rows.filter((r) => r.kind === 'reply');
  if (replies.length) {
    actions.reply = Object.fromEntries(replies.map((r) => [r.locale, r.value]));
    for (const r of replies) targets.set(`actions.reply.${r.locale}`, r.key);
  }
  for (const kind of SCALAR_ACTIONS) {
    const row = rows.find((r) => r.kind === kind);
    if (!row) continue;
    actions[kind] = kind === 'note' ? row.value : row.value.trim();
    targets.set(`actions.${kind}`, row.key);
  }
  const unassign = rows.find((r) => r.kind === 'unassign');
  if (unassign && !rows.some((r) => r.kind === 'assignee')) {
    actions.assignee = null;
    targets.set('actions.assignee', unassign.key);
  }
  for (const kind of LIST_ACTIONS) {
    const listed = rows.filter((r) => r.kind === kind);
    if (!listed.length) continue;
    actions[kind] = listed.map((r) => r.value.trim());
    targets.set(`actions.${kind}`, listed[0]!.key);
    listed.forEach((r, i) => targets.set(`actions.${kind}.${i}`, r.key));
  }
  return { actions: actions as Actions, targets };
}

/** "Reply (tr) · Status Resolved · Tag +iade": what a macro does, on one line. */
export function macroSummary(macro: Pick<Macro, 'actions'>, o: AdminOptions): string {
  const kinds = macroActionKinds(o);
  return macroActionRows(macro.actions)
    .map((r) => {
      const spec = kinds.find((k) => k.kind === r.kind)!;
      const input = spec.input(r);
      if (input.type === 'none') return spec.label;
      if (input.type === 'textarea') return `${spec.label}${spec.localized ? ` (${r.locale})` : ''}`;
      const shown = input.type === 'select' ? (input.choices.find((c) => c.value === r.value)?.label ?? r.value) : `“${r.value}”`;
      return `${spec.label}: ${shown}`;
    })
    .join(' · ');
}
