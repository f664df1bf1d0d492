import type { components } from '#agent/api-types';
import { t, LOCALES } from '../i18n';
import type { AdminOptions } from './admin-options';
import { agentSuggestions, cannedChoices, channelChoices, priorityChoices, teamChoices } from './choices';
import { newRow, type KindSpec, type Row } from './rows';

export type RoutingRule = components['schemas']['RoutingRule'];
type Conditions = RoutingRule['conditions'];
type Actions = RoutingRule['actions'];

/** Conditions that hold a list (any of its values); business hours is one value. */
const LIST_CONDITIONS = ['channels', 'intents', 'locales', 'priorities', 'customerTags', 'textContains'] as const;
const LIST_ACTIONS = ['addTags'] as const;
const SCALAR_ACTIONS = ['team', 'assignee', 'priority'] as const;

export function conditionKinds(o: AdminOptions): KindSpec[] {
  return [
    { kind: 'textContains', label: t('rulesCondTextContains'), input: () => ({ type: 'text' }) },
    { kind: 'channels', label: t('rulesCondChannel'), input: () => ({ type: 'select', choices: channelChoices() }) },
    { kind: 'intents', label: t('rulesCondIntent'), input: () => ({ type: 'select', choices: o.intents.map((i) => ({ value: i, label: i })) }) },
    { kind: 'locales', label: t('rulesCondLocale'), input: () => ({ type: 'text', suggestions: LOCALES }) },
    { kind: 'priorities', label: t('rulesCondPriority'), input: () => ({ type: 'select', choices: priorityChoices() }) },
    { kind: 'customerTags', label: t('rulesCondCustomerTag'), input: () => ({ type: 'text' }) },
    {
      kind: 'businessHours',
      label: t('rulesCondBusinessHours'),
      once: true,
      input: () => ({
        type: 'select',
        choices: [
          { value: 'open', label: t('rulesHoursOpen') },
          { value: 'closed', label: t('rulesHoursClosed') },
        ],
      }),
    },
  ];
}

export function ruleActionKinds(o: AdminOptions): KindSpec[] {
  return [
    { kind: 'addTags', label: t('rulesActTag'), input: () => ({ type: 'text' }) },
    { kind: 'priority', label: t('rulesActPriority'), once: true, input: () => ({ type: 'select', choices: priorityChoices() }) },
    { kind: 'team', label: t('rulesActTeam'), once: true, input: () => ({ type: 'select', choices: teamChoices(o) }) },
    { kind: 'assignee', label: t('rulesActAssignee'), once: true, input: () => ({ type: 'text', suggestions: agentSuggestions(o) }) },
    {
      kind: 'cannedReply',
      label: t('rulesActCanned'),
      once: true,
      localized: true,
      input: (row) => ({ type: 'select', choices: cannedChoices(o, row.locale) }),
    },
  ];
}

export function conditionRows(c: Conditions): Row[] {
  const rows = LIST_CONDITIONS.flatMap((kind) => (c[kind] ?? []).map((v: string) => newRow(kind, v)));
  if (c.businessHours) rows.push(newRow('businessHours', c.businessHours));
  return rows;
}

export function ruleActionRows(a: Actions): Row[] {
  const rows = [...(a.addTags ?? []).map((v) => newRow('addTags', v)), ...SCALAR_ACTIONS.filter((k) => a[k] !== undefined).map((k) => newRow(k, a[k]!))];
  for (const [locale, id] of Object.entries(a.cannedReply ?? {})) rows.push(newRow('cannedReply', id, locale));
  return rows;
}

/**
 * The body's conditions and actions from the rows, and which row each refusal's path names
 * (`conditions.textContains.1` is the second text row; `actions.cannedReply.en` the English reply).
 */
export function ruleBodyOf(conditionRows: readonly Row[], actionRows: readonly Row[], stop: boolean) {
  const targets = new Map<string, string>();
  const conditions: Record<string, unknown> = {};
  for (const kind of LIST_CONDITIONS) {
    const rows = conditionRows.filter((r) => r.kind === kind);
    if (!rows.length) continue;
    conditions[kind] = rows.map((r) => r.value.trim());
    targets.set(`conditions.${kind}`, rows[0]!.key);
    rows.forEach((r, i) => targets.set(`conditions.${kind}.${i}`, r.key));
  }
  const hours = conditionRows.find((r) => r.kind === 'businessHours');
  if (hours) {
    conditions.businessHours = hours.value;
    targets.set('conditions.businessHours', hours.key);
  }
  const actions: Record<string, unknown> = {};
  for (const kind of LIST_ACTIONS) {
    const rows = actionRows.filter((r) => r.kind === kind);
    if (!rows.length) continue;
    actions[kind] = rows.map((r) => r.value.trim());
    targets.set(`actions.${kind}`, rows[0]!.key);
    rows.forEach((r, i) => targets.set(`actions.${kind}.${i}`, r.key));
  }
  for (const kind of SCALAR_ACTIONS) {
    const row = actionRows.find((r) => r.kind === kind);
    if (!row) continue;
    actions[kind] = row.value.trim();
    targets.set(`actions.${kind}`, row.key);
  }
  const canned = actionRows.filter((r) => r.kind === 'cannedReply');
  if (canned.length) {
    actions.cannedReply = Object.fromEntries(canned.map((r) => [r.locale, r.value]));
    for (const r of canned) targets.set(`actions.cannedReply.${r.locale}`, r.key);
  }
  if (stop) actions.stop = true;
  return { conditions: conditions as Conditions, actions: actions as Actions, targets };
}

/** "Text contains “kargo” · Channel Chat → Tag +kargo · Priority urgent": a rule on one line. */
export function ruleSummary(rule: Pick<RoutingRule, 'conditions' | 'actions'>, o: AdminOptions): string {
  const describe = (kinds: readonly KindSpec[], rows: readonly Row[]) =>
    rows
      .map((r) => {
        const spec = kinds.find((k) => k.kind === r.kind)!;
        const input = spec.input(r);
        const shown = input.type === 'select' ? (input.choices.find((c) => c.value === r.value)?.label ?? r.value) : `“${r.value}”`;
        return `${spec.label}${spec.localized ? ` (${r.locale})` : ''}: ${shown}`;
      })
      .join(' · ');
  const when = describe(conditionKinds(o), conditionRows(rule.conditions)) || t('rulesEveryMessage');
  const then = describe(ruleActionKinds(o), ruleActionRows(rule.actions));
  return `${when} → ${then}${rule.actions.stop ? ` · ${t('rulesStopShort')}` : ''}`;
}
