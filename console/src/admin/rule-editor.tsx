import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context';
import { t } from '../i18n';
import type { AdminOptions } from './admin-options';
import { placeErrors, mustWithPaths } from './field-paths';
import { FieldErrors } from './fields';
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
  const [formErrors, setFormErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  // The form opens above the list: the focus goes to it, wherever "Edit" was pressed.
  useEffect(() => document.getElementById('rule-name')?.focus(), []);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setRowErrors({});
    setFormErrors({});
    setError(undefined);
    const built = ruleBodyOf(conditions, actions, stop);
    const body = { name, when, enabled, conditions: built.conditions, actions: built.actions };
    try {
      const saved = rule
        ? await mustWithPaths(api.PUT('/rules/{id}', { params: { path: { id: rule.id } }, body }))
        : await mustWithPaths(api.POST('/rules', { body }));
      onDone(saved);
    } catch (err) {
      if (err instanceof FieldErrors && Object.keys(err.fields).length) {
        const placed = placeErrors(err.fields, built.targets);
        setRowErrors(placed.rows);
        setFormErrors(placed.form);
      } else setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const nameInvalid = formErrors.name !== undefined;
  return (
    <form class="editor rule-editor" onSubmit={save} aria-label={rule ? t('rulesEditNamed', { name: rule.name }) : t('rulesNew')}>
      <div>
        <label for="rule-name">{t('rulesName')}</label>
        <input
          id="rule-name"
          type="text"
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
          aria-invalid={nameInvalid}
          {...(nameInvalid ? { 'aria-describedby': 'rule-name-error' } : {})}
        />
        {nameInvalid && (
          <span id="rule-name-error" class="field-error">
            {formErrors.name}
          </span>
        )}
      </div>
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
        groupError={formErrors.conditions}
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
        groupError={formErrors.actions}
      />
      <label class="inline">
        <input type="checkbox" checked={stop} onChange={(e) => setStop((e.target as HTMLInputElement).checked)} />
        {t('rulesStop')}
      </label>
      {error && (
        <p class="error" role="alert">
          {t('error', { message: error })}
        </p>
      )}
      <div class="tools">
        <button type="submit" class="primary" disabled={busy}>
          {t('adminSave')}
        </button>
        <button type="button" onClick={() => onDone()}>
          {t('adminCancel')}
        </button>
      </div>
    </form>
  );
}
