import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context';
import { t } from '../i18n';
import type { AdminOptions } from './admin-options';
import { mustWithPaths, placeRowErrors } from './field-paths';
import { ErrorLine, SaveCancel, TextField, useSave } from './form-parts';
import { conditionKinds, conditionRows, ruleActionKinds, ruleActionRows, ruleBodyOf, type RoutingRule } from './rule-rows';
import { RowsEditor } from './rows';

type When = RoutingRule['when'];
const TRIGGERS: readonly When[] = ['ticket_created', 'message_received'];

/** A rule's form: name, when it runs, enabled, its conditions and actions as rows; the API's refusals beside the rows they name. */
export function RuleEditor({ rule, options, onDone }: { rule?: RoutingRule; options: AdminOptions; onDone: (saved?: RoutingRule) => void }) {
  const { api } = useApp();
  const [name, setName] = useState(rule?.name ?? '');
  const [when, setWhen] = useState<When>(rule?.when ?? 'ticket_created');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [stop, setStop] = useState(rule?.actions.stop ?? false);
  const [conditions, setConditions] = useState(() => conditionRows(rule?.conditions ?? {}));
  const [actions, setActions] = useState(() => ruleActionRows(rule?.actions ?? {}));
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const built = ruleBodyOf(conditions, actions, stop);
  const { fields, error, busy, save } = useSave({ place: (f) => placeRowErrors(f, built.targets, setRowErrors) });

  // The form opens above the list: the focus goes to it, wherever "Edit" was pressed.
  useEffect(() => document.getElementById('rule-name')?.focus(), []);

  const submit = (e: Event) => {
    e.preventDefault();
    setRowErrors({});
    const body = { name, when, enabled, conditions: built.conditions, actions: built.actions };
    void save(async () =>
      onDone(
        rule ? await mustWithPaths(api.PUT('/rules/{id}', { params: { path: { id: rule.id } }, body })) : await mustWithPaths(api.POST('/rules', { body })),
      ),
    );
  };
  return (
    <form class="editor rule-editor" onSubmit={submit} aria-label={rule ? t('rulesEditNamed', { name: rule.name }) : t('rulesNew')}>
      <TextField id="rule-name" label={t('rulesName')} value={name} onValue={setName} error={fields.name} />
      <label>
        {t('rulesWhen')}
        <select value={when} onChange={(e) => setWhen((e.target as HTMLSelectElement).value as When)}>
          {TRIGGERS.map((w) => (
            <option key={w} value={w}>
              {t(w === 'ticket_created' ? 'rulesWhenCreated' : 'rulesWhenMessage')}
            </option>
          ))}
        </select>
      </label>
      <label class="inline">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled((e.target as HTMLInputElement).checked)} />
        {t('rulesEnabled')}
      </label>
      <RowsEditor
        id="rule-conditions"
        legend={t('rulesConditions')}
        rowLabel={(n) => t('rulesConditionN', { n })}
        addLabel={t('rulesAddCondition')}
        kinds={conditionKinds(options)}
        rows={conditions}
        onChange={setConditions}
        errors={rowErrors}
        groupError={fields.conditions}
      />
      {conditions.length === 0 && <p class="muted">{t('rulesNoConditions')}</p>}
      <RowsEditor
        id="rule-actions"
        legend={t('rulesActions')}
        rowLabel={(n) => t('rulesActionN', { n })}
        addLabel={t('rulesAddAction')}
        kinds={ruleActionKinds(options)}
        rows={actions}
        onChange={setActions}
        errors={rowErrors}
        groupError={fields.actions}
      />
      <label class="inline">
        <input type="checkbox" checked={stop} onChange={(e) => setStop((e.target as HTMLInputElement).checked)} />
        {t('rulesStop')}
      </label>
      <ErrorLine error={error} />
      <SaveCancel busy={busy} onCancel={() => onDone()} />
    </form>
  );
}
