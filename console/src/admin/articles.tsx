import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../context';
import { fold, formatDateTime, t, LOCALES } from '../i18n';
import { type ArticleLocale, type ArticleSummary, articleCall, articleUrl, byCategory, moved } from './article-calls';
import { ArticleEditor } from './article-editor';
import { EditButton, LocaleAndSearch, StatusLines, useSectionStatus } from './form-parts';

/** The help center's articles of a locale: by category in their order, filter, reorder, edit, create, publish the site. */
export function ArticlesAdmin() {
  const { api, config } = useApp();
  const [loc, setLoc] = useState<ArticleLocale>('tr');
  const [articles, setArticles] = useState<ArticleSummary[] | undefined>();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<{ id?: string } | undefined>();
  const { status, setStatus, error, setError, fail } = useSectionStatus();
  const [moving, setMoving] = useState(false);
  // The button that opened the editor gets the focus back when it closes (keyboard users stay in place).
  const opener = useRef<HTMLElement | null>(null);
  const openEditor = (id?: string) => {
    opener.current = document.activeElement as HTMLElement | null;
    setOpen(id ? { id } : {});
  };

  // The locale shown now: a list that arrives after the admin switched locale is dropped, not shown under the other.
  const shownLocale = useRef(loc);
  shownLocale.current = loc;
  const load = async () => {
    const asked = loc;
    setError(undefined);
    try {
      const r = await articleCall(api.GET('/help-center/articles', { params: { query: { locale: asked } } }));
      if (shownLocale.current === asked) setArticles(r.articles);
    } catch (e) {
      if (shownLocale.current === asked) fail(e);
    }
  };
  useEffect(() => {
    setArticles(undefined);
    setOpen(undefined);
    void load();
  }, [loc]);

  const groups = byCategory(articles ?? []);
  const q = fold(query.trim());
  const matches = (a: ArticleSummary) => !q || fold([a.title, a.slug, a.category, ...a.intents].join(' ')).includes(q);

  const move = async (category: string, ids: string[], a: ArticleSummary, by: -1 | 1) => {
    const order = moved(ids, a.id, by);
    // One move at a time: the next one is computed from the order this one leaves. Buttons stay enabled to keep keyboard focus.
    if (!order || moving) return;
    setError(undefined);
    setMoving(true);
    try {
      await articleCall(api.PUT('/help-center/categories/{locale}/{category}/order', { params: { path: { locale: loc, category } }, body: { ids: order } }));
      setStatus(t(by < 0 ? 'articlesMovedUp' : 'articlesMovedDown', { title: a.title }));
      await load();
    } catch (e) {
      fail(e);
    } finally {
      setMoving(false);
    }
  };

  const publishSite = async () => {
    setError(undefined);
    try {
      await articleCall(api.POST('/help-center/publish', { body: { reason: 'console' } }));
      setStatus(t('articlesPublishRequested', { when: formatDateTime(new Date().toISOString()) }));
    } catch (e) {
      fail(e);
    }
  };

  return (
    <section class="panel articles-admin" aria-labelledby="articles-heading">
      <h2 id="articles-heading">{t('articlesHeading')}</h2>
      <div class="tools">
        <LocaleAndSearch locales={LOCALES} locale={loc} onLocale={setLoc} searchLabel={t('articlesFilter')} query={query} onQuery={setQuery} />
        <button type="button" class="primary" onClick={() => openEditor()}>
          {t('articlesNew')}
        </button>
        <button type="button" onClick={() => void publishSite()}>
          {t('articlesPublishSite')}
        </button>
        {config.helpUrl && (
          <a class="articles-site" href={articleUrl(config.helpUrl, { locale: loc })} target="_blank" rel="noopener">
            {t('articlesOpenSite')}
          </a>
        )}
      </div>
      <StatusLines status={status} error={error} asStatus />
      {open && (
        <ArticleEditor
          key={`${loc}/${open.id ?? 'new'}`}
          locale={loc}
          {...(open.id ? { id: open.id } : {})}
          categories={groups.map(([c]) => c)}
          onChanged={async (message, id) => {
            setStatus(message);
            if (id) setOpen({ id });
            await load();
          }}
          onClose={() => {
            setOpen(undefined);
            if (opener.current?.isConnected) opener.current.focus();
          }}
        />
      )}
      {articles === undefined ? (
        <p class="muted">{t('loading')}</p>
      ) : (
        groups.map(([category, list]) => {
          const shown = list.filter(matches);
          if (!shown.length) return null;
          const ids = list.map((a) => a.id);
          return (
            <section key={category} class="articles-category" aria-labelledby={`articles-cat-${category}`}>
              <h3 id={`articles-cat-${category}`}>{category}</h3>
              <ol class="articles-list" aria-label={category}>
                {shown.map((a) => (
                  <li key={a.id}>
                    <div class="head">
                      <strong>{a.title}</strong>
                      <span class={`badge ${a.published ? 'articles-published' : 'articles-unpublished'}`}>
                        {t(a.published ? 'articlesPublished' : 'articlesUnpublished')}
                      </span>
                      <span class="articles-moves">
                        <button
                          type="button"
                          disabled={ids[0] === a.id}
                          onClick={() => void move(category, ids, a, -1)}
                          aria-label={t('articlesMoveUpNamed', { title: a.title })}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          disabled={ids[ids.length - 1] === a.id}
                          onClick={() => void move(category, ids, a, 1)}
                          aria-label={t('articlesMoveDownNamed', { title: a.title })}
                        >
                          ↓
                        </button>
                      </span>
                      <EditButton title={a.title} onEdit={() => openEditor(a.id)} />
                    </div>
                    <p class="muted">
                      /{a.locale}/{a.slug}/ · {t('articlesVersion', { version: a.version })}
                      {a.updatedBy && a.updatedAt ? ` · ${t('articlesChangedBy', { who: a.updatedBy, when: formatDateTime(a.updatedAt) })}` : ''}
                    </p>
                  </li>
                ))}
              </ol>
            </section>
          );
        })
      )}
      {articles !== undefined && !groups.some(([, list]) => list.some(matches)) && <p class="muted">{t('articlesNone')}</p>}
    </section>
  );
}
