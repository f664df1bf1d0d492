import { useEffect, useState } from 'preact/hooks';
import { must } from '../api';
import { useApp } from '../context';
import { collator, t } from '../i18n';
import type { AdminOptions } from './admin-options';
import { mustWithFields } from './fields';
import { DeleteButtons, EditButton, Listed, StatusLines, useSectionStatus } from './form-parts';
import { MacroEditor } from './macro-editor';
import { macroSummary, type Macro } from './macro-rows';

/** The macros agents run from a ticket or the inbox: list, create, edit, delete after a confirmation. */
export function MacrosAdmin({ options }: { options: AdminOptions }) {
  const { api } = useApp();
  const [macros, setMacros] = useState<Macro[] | undefined>();
  const [editing, setEditing] = useState<{ macro?: Macro } | undefined>();
  const { status, setStatus, error, setError, fail } = useSectionStatus();

  const load = async () => {
    try {
      const items = (await must(api.GET('/macros'))).items;
      setMacros([...items].sort((a, b) => collator().compare(a.name, b.name)));
    } catch (e) {
      fail(e);
    }
  };
  useEffect(() => {
    void load();
  }, [api]);

  const remove = async (macro: Macro) => {
    setError(undefined);
    try {
      await mustWithFields(api.DELETE('/macros/{id}', { params: { path: { id: macro.id } } }));
      setStatus(t('adminDeleted', { title: macro.name }));
      document.getElementById('macros-new')?.focus();
    } catch (e) {
      fail(e);
    }
    await load();
  };

  return (
    <section class="panel macros-admin" aria-labelledby="macros-heading">
      <h2 id="macros-heading">{t('macrosHeading')}</h2>
      <p class="muted">{t('macrosIntro')}</p>
      <div class="tools">
        <button type="button" id="macros-new" class="primary" onClick={() => setEditing({})}>
          {t('macrosNew')}
        </button>
      </div>
      <StatusLines status={status} error={error} />
      {editing && (
        <MacroEditor
          key={editing.macro?.id ?? 'new'}
          options={options}
          {...(editing.macro ? { macro: editing.macro } : {})}
          onDone={async (saved) => {
            setEditing(undefined);
            document.getElementById('macros-new')?.focus();
            if (saved) {
              setStatus(t('adminSaved', { title: saved.name }));
              await load();
            }
          }}
        />
      )}
      <Listed items={macros} none={t('macrosNone')}>
        {(list) => (
          <ul class="items" aria-label={t('macrosHeading')}>
            {list.map((m) => (
              <MacroItem key={m.id} macro={m} summary={macroSummary(m, options)} onEdit={() => setEditing({ macro: m })} onDelete={() => remove(m)} />
            ))}
          </ul>
        )}
      </Listed>
    </section>
  );
}

function MacroItem({ macro, summary, onEdit, onDelete }: { macro: Macro; summary: string; onEdit: () => void; onDelete: () => void }) {
  return (
    <li>
      <div class="head">
        <strong>{macro.name}</strong>
        <EditButton title={macro.name} onEdit={onEdit} />
        <DeleteButtons title={macro.name} onDelete={onDelete} />
      </div>
      <p>{summary}</p>
    </li>
  );
}
