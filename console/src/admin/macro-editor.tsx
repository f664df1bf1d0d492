import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context';
import { t } from '../i18n';
import type { AdminOptions } from './admin-options';
import { mustWithPaths, placeErrors } from './field-paths';
import { FieldErrors } from './fields';
import { macroActionKinds, macroActionRows, macroActionsOf, type Macro } from './macro-rows';
import { RowsEditor } from './rows';

/** A macro's form: its name and its actions as rows; the API's refusals beside the rows they name. */
export function MacroEditor({ macro, options, onDone }: { macro?: Macro; options: AdminOptions; onDone: (saved?: Macro) => void }) {
  const { api } = useApp();
  const [name, setName] = useState(macro?.name ?? '');
  const [rows, setRows] = useState(() => macroActionRows(macro?.actions ?? {}));
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [formErrors, setFormErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  // The form opens above the list: the focus goes to it, wherever "Edit" was pressed.
  useEffect(() => document.getElementById('macro-name')?.focus(), []);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setRowErrors({});
    setFormErrors({});
    setError(undefined);
    const built = macroActionsOf(rows);
    const body = { name, actions: built.actions };
    try {
      const saved = macro
        ? await mustWithPaths(api.PUT('/macros/{id}', { params: { path: { id: macro.id } }, body }))
        : await mustWithPaths(api.POST('/macros', { body }));
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
    <form class="editor macro-editor" onSubmit={save} aria-label={macro ? t('macrosEditNamed', { name: macro.name }) : t('macrosNew')}>
      <div>
        <label for="macro-name">{t('macrosName')}</label>
        <input
          id="macro-name"
          type="text"
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
          aria-invalid={nameInvalid}
          {...(nameInvalid ? { 'aria-describedby': 'macro-name-error' } : {})}
        />
        {nameInvalid && (
          <span id="macro-name-error" class="field-error">
            {formErrors.name}
          </span>
        )}
      </div>
      <RowsEditor
        id="macro-actions"
        legend={t('rulesActions')}
        rowLabel={(n) => t('rulesActionN', { n })}
        addLabel={t('rulesAddAction')}
        kinds={macroActionKinds(options)}
        rows={rows}
        onChange={setRows}
        errors={rowErrors}
        groupError={formErrors.actions}
      />
      <p class="muted">{t('macrosVariables')}</p>
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
