import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../context';
import { t } from '../i18n';
import type { AdminOptions } from './admin-options';
import { mustWithPaths, placeRowErrors } from './field-paths';
import { ErrorLine, SaveCancel, TextField, useSave } from './form-parts';
import { macroActionKinds, macroActionRows, macroActionsOf, type Macro } from './macro-rows';
import { RowsEditor } from './rows';

/** A macro's form: its name and its actions as rows; the API's refusals beside the rows they name. */
export function MacroEditor({ macro, options, onDone }: { macro?: Macro; options: AdminOptions; onDone: (saved?: Macro) => void }) {
  const { api } = useApp();
  const [name, setName] = useState(macro?.name ?? '');
  const [rows, setRows] = useState(() => macroActionRows(macro?.actions ?? {}));
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const built = macroActionsOf(rows);
  const { fields, error, busy, save } = useSave({ place: (f) => placeRowErrors(f, built.targets, setRowErrors) });

  // The form opens above the list: the focus goes to it, wherever "Edit" was pressed.
  useEffect(() => document.getElementById('macro-name')?.focus(), []);

  const submit = (e: Event) => {
    e.preventDefault();
    setRowErrors({});
    const body = { name, actions: built.actions };
    void save(async () =>
      onDone(
        macro ? await mustWithPaths(api.PUT('/macros/{id}', { params: { path: { id: macro.id } }, body })) : await mustWithPaths(api.POST('/macros', { body })),
      ),
    );
  };
  return (
    <form class="editor macro-editor" onSubmit={submit} aria-label={macro ? t('macrosEditNamed', { name: macro.name }) : t('macrosNew')}>
      <TextField id="macro-name" label={t('macrosName')} value={name} onValue={setName} error={fields.name} />
      <RowsEditor
        id="macro-actions"
        legend={t('rulesActions')}
        rowLabel={(n) => t('rulesActionN', { n })}
        addLabel={t('rulesAddAction')}
        kinds={macroActionKinds(options)}
        rows={rows}
        onChange={setRows}
        errors={rowErrors}
        groupError={fields.actions}
      />
      <p class="muted">{t('macrosVariables')}</p>
      <ErrorLine error={error} />
      <SaveCancel busy={busy} onCancel={() => onDone()} />
    </form>
  );
}
