import { useEffect, useState } from 'preact/hooks';
import { must, type CannedResponse } from '../api';
import { useApp } from '../context';
import { fold, t } from '../i18n';
import { FieldErrors, mustWithFields } from './fields';

const LOCALES = ['tr', 'en'] as const;
/** A locale's canned responses are read whole (a few pages at most): search is on the page. */
const MAX_PAGES = 10;

type Draft = { id?: string; title: string; text: string; tags: string };
const EMPTY: Draft = { title: '', text: '', tags: '' };

/** Canned responses of a locale: list, search, create, edit, delete. */
export function CannedAdmin() {
  const { api } = useApp();
  const [loc, setLoc] = useState<(typeof LOCALES)[number]>('tr');
  const [items, setItems] = useState<CannedResponse[] | undefined>();
  const [query, setQuery] = useState('');
  const [draft, setDraft] = useState<Draft | undefined>();
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | undefined>();

  const load = async () => {
    setError(undefined);
    try {
      const all: CannedResponse[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const r = await must(api.GET('/canned-responses', { params: { query: { locale: loc, limit: 100, ...(cursor ? { cursor } : {}) } } }));
        all.push(...r.items);
        cursor = r.next ?? undefined;
        if (!cursor) break;
      }
      setItems(all);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    setItems(undefined);
    void load();
  }, [loc]);

  const q = fold(query.trim());
  const shown = (items ?? []).filter((c) => !q || fold([c.title, c.text, ...(c.tags ?? [])].join(' ')).includes(q));

  const remove = async (c: CannedResponse) => {
    try {
      await mustWithFields(api.DELETE('/canned-responses/{locale}/{id}', { params: { path: { locale: c.locale, id: c.id } } }));
      setStatus(t('adminDeleted', { title: c.title }));
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section class="panel" aria-labelledby="canned-heading">
      <h2 id="canned-heading">{t('adminCanned')}</h2>
      <div class="tools">
        <label>
          {t('adminLocale')}
          <select value={loc} onChange={(e) => setLoc((e.target as HTMLSelectElement).value as (typeof LOCALES)[number])}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('search')}
          <input type="search" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" class="primary" onClick={() => setDraft(EMPTY)}>
          {t('adminNew')}
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
      {draft && (
        <CannedEditor
          key={draft.id ?? 'new'}
          locale={loc}
          draft={draft}
          onDone={async (title) => {
            setDraft(undefined);
            if (title) {
              setStatus(t('adminSaved', { title }));
              await load();
            }
          }}
        />
      )}
      {items === undefined ? (
        <p class="muted">{t('loading')}</p>
      ) : shown.length === 0 ? (
        <p class="muted">{t('adminNoCanned')}</p>
      ) : (
        <ul class="items" aria-label={t('adminCanned')}>
          {shown.map((c) => (
            <CannedItem
              key={c.id}
              c={c}
              onEdit={() => setDraft({ id: c.id, title: c.title, text: c.text, tags: (c.tags ?? []).join(' ') })}
              onDelete={() => remove(c)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function CannedItem({ c, onEdit, onDelete }: { c: CannedResponse; onEdit: () => void; onDelete: () => void }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li>
      <div class="head">
        <strong>{c.title}</strong>
        {(c.tags ?? []).map((tag) => (
          <span class="badge" key={tag}>
            {tag}
          </span>
        ))}
        <button type="button" onClick={onEdit} aria-label={t('adminEditNamed', { title: c.title })}>
          {t('adminEdit')}
        </button>
        {confirming ? (
          <>
            <button type="button" class="primary" onClick={onDelete} aria-label={t('adminConfirmDeleteNamed', { title: c.title })}>
              {t('adminConfirmDelete')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('adminCancel')}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} aria-label={t('adminDeleteNamed', { title: c.title })}>
            {t('adminDelete')}
          </button>
        )}
      </div>
      <p>{c.text}</p>
    </li>
  );
}

function CannedEditor({ locale, draft, onDone }: { locale: string; draft: Draft; onDone: (savedTitle?: string) => void }) {
  const { api } = useApp();
  const [d, setD] = useState(draft);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Draft) => (e: Event) => setD({ ...d, [k]: (e.target as HTMLInputElement).value });
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setFields({});
    setError(undefined);
    const tags = d.tags.split(/[\s,]+/).filter(Boolean);
    const body = { title: d.title, text: d.text, ...(tags.length ? { tags } : {}) };
    try {
      const saved = d.id
        ? await mustWithFields(api.PUT('/canned-responses/{locale}/{id}', { params: { path: { locale, id: d.id } }, body }))
        : await mustWithFields(api.POST('/canned-responses', { body: { locale, ...body } }));
      onDone(saved.title);
    } catch (err) {
      if (err instanceof FieldErrors && Object.keys(err.fields).length) setFields(err.fields);
      else setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const field = (name: 'title' | 'text' | 'tags', label: string, multiline = false) => {
    const id = `canned-${name}`;
    const invalid = fields[name] !== undefined;
    const common = {
      id,
      value: d[name],
      onInput: set(name),
      'aria-invalid': invalid,
      ...(invalid ? { 'aria-describedby': `${id}-error` } : {}),
    };
    return (
      <div>
        <label for={id}>{label}</label>
        {multiline ? <textarea rows={5} {...common} /> : <input type="text" {...common} />}
        {invalid && (
          <span id={`${id}-error`} class="field-error">
            {fields[name]}
          </span>
        )}
      </div>
    );
  };
  return (
    <form class="editor" onSubmit={save} aria-label={d.id ? t('adminEditCanned') : t('adminNewCanned')}>
      {field('title', t('adminTitle'))}
      {field('text', t('adminText'), true)}
      {field('tags', t('adminTags'))}
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
