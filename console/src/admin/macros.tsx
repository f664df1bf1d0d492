import { useEffect, useState } from 'preact/hooks';
import { must } from '../api';
import { useApp } from '../context';
import { collator, t } from '../i18n';
import { useAdminOptions } from './admin-options';
import { mustWithFields } from './fields';
import { MacroEditor } from './macro-editor';
import { macroSummary, type Macro } from './macro-rows';

/** The macros agents run from a ticket or the inbox: list, create, edit, delete after a confirmation. */
export function MacrosAdmin() {
  const { api } = useApp();
  const options = useAdminOptions();
  const [macros, setMacros] = useState<Macro[] | undefined>();
  const [editing, setEditing] = useState<{ macro?: Macro } | undefined>();
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | undefined>();

  const load = async () => {
    try {
      const items = (await must(api.GET('/macros'))).items;
      setMacros([...items].sort((a, b) => collator().compare(a.name, b.name)));
    } catch (e) {
      setError((e as Error).message);
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
      setError((e as Error).message);
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
      <p class="muted" aria-live="polite">
        {status}
      </p>
      {error && (
        <p class="error" role="alert">
          {t('error', { message: error })}
        </p>
      )}
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
      {macros === undefined ? (
        <p class="muted">{t('loading')}</p>
      ) : macros.length === 0 ? (
        <p class="muted">{t('macrosNone')}</p>
      ) : (
        <ul class="items" aria-label={t('macrosHeading')}>
          {macros.map((m) => (
            <MacroItem key={m.id} macro={m} summary={macroSummary(m, options)} onEdit={() => setEditing({ macro: m })} onDelete={() => remove(m)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MacroItem({ macro, summary, onEdit, onDelete }: { macro: Macro; summary: string; onEdit: () => void; onDelete: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li>
      <div class="head">
        <strong>{macro.name}</strong>
        <button type="button" onClick={onEdit} aria-label={t('adminEditNamed', { title: macro.name })}>
          {t('adminEdit')}
        </button>
        {confirming ? (
          <>
            <button type="button" class="primary" onClick={onDelete} aria-label={t('adminConfirmDeleteNamed', { title: macro.name })}>
              {t('adminConfirmDelete')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('adminCancel')}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} aria-label={t('adminDeleteNamed', { title: macro.name })}>
            {t('adminDelete')}
          </button>
        )}
      </div>
      <p>{summary}</p>
    </li>
  );
}
