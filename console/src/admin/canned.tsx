import { useEffect, useState } from 'preact/hooks';
import { must, type CannedResponse } from '../api';
import { useApp } from '../context';
import { fold, t, LOCALES } from '../i18n';
import { mustWithFields } from './fields';
import { DeleteButtons, LocaleAndSearch, EditButton, ErrorLine, Listed, SaveCancel, StatusLines, TextField, useSave, useSectionStatus } from './form-parts';

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
  const { status, setStatus, error, setError, fail } = useSectionStatus();

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
      fail(e);
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
      fail(e);
    }
  };

  return (
    <section class="panel" aria-labelledby="canned-heading">
      <h2 id="canned-heading">{t('adminCanned')}</h2>
      <div class="tools">
        <LocaleAndSearch locales={LOCALES} locale={loc} onLocale={setLoc} searchLabel={t('search')} query={query} onQuery={setQuery} />
        <button type="button" class="primary" onClick={() => setDraft(EMPTY)}>
          {t('adminNew')}
        </button>
      </div>
      <StatusLines status={status} error={error} />
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
      <Listed items={items && shown} none={t('adminNoCanned')}>
        {(list) => (
          <ul class="items" aria-label={t('adminCanned')}>
            {list.map((c) => (
              <CannedItem
                key={c.id}
                c={c}
                onEdit={() => setDraft({ id: c.id, title: c.title, text: c.text, tags: (c.tags ?? []).join(' ') })}
                onDelete={() => remove(c)}
              />
            ))}
          </ul>
        )}
      </Listed>
    </section>
  );
}

function CannedItem({ c, onEdit, onDelete }: { c: CannedResponse; onEdit: () => void; onDelete: () => void }) {
  return (
    <li>
      <div class="head">
        <strong>{c.title}</strong>
        {(c.tags ?? []).map((tag) => (
          <span class="badge" key={tag}>
            {tag}
          </span>
        ))}
        <EditButton title={c.title} onEdit={onEdit} />
        <DeleteButtons title={c.title} onDelete={onDelete} />
      </div>
      <p>{c.text}</p>
    </li>
  );
}

function CannedEditor({ locale, draft, onDone }: { locale: string; draft: Draft; onDone: (savedTitle?: string) => void }) {
  const { api } = useApp();
  const [d, setD] = useState(draft);
  const { fields, error, busy, save } = useSave();
  const submit = (e: Event) => {
    e.preventDefault();
    const tags = d.tags.split(/[\s,]+/).filter(Boolean);
    const body = { title: d.title, text: d.text, ...(tags.length ? { tags } : {}) };
    void save(async () => {
      const saved = d.id
        ? await mustWithFields(api.PUT('/canned-responses/{locale}/{id}', { params: { path: { locale, id: d.id } }, body }))
        : await mustWithFields(api.POST('/canned-responses', { body: { locale, ...body } }));
      onDone(saved.title);
    });
  };
  const field = (name: 'title' | 'text' | 'tags', label: string, rows?: number) => (
    <TextField
      id={`canned-${name}`}
      label={label}
      value={d[name]}
      onValue={(v) => setD({ ...d, [name]: v })}
      error={fields[name]}
      {...(rows ? { rows } : {})}
    />
  );
  return (
    <form class="editor" onSubmit={submit} aria-label={d.id ? t('adminEditCanned') : t('adminNewCanned')}>
      {field('title', t('adminTitle'))}
      {field('text', t('adminText'), 5)}
      {field('tags', t('adminTags'))}
      <ErrorLine error={error} />
      <SaveCancel busy={busy} onCancel={() => onDone()} />
    </form>
  );
}
