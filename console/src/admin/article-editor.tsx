import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../context';
import { t } from '../i18n';
import { type Article, ArticleConflict, type ArticleLocale, type ArticleVersion, articleCall, articleUrl, listed, words } from './article-calls';
import { ArticlePreview } from './article-preview';
import { ArticleVersions } from './article-versions';
import { ErrorLine, TextField, useSave } from './form-parts';

type Draft = { slug: string; title: string; category: string; body: string; intents: string; tags: string };
type FieldName = keyof Draft;
const EMPTY: Draft = { slug: '', title: '', category: '', body: '', intents: '', tags: '' };
const draftOf = (a: Article): Draft => ({
  slug: a.slug,
  title: a.title,
  category: a.category,
  body: a.body,
  intents: a.intents.join(' '),
  tags: a.tags.join(', '),
});

/**
 * One article: its fields, saved on the version it was loaded at (a 409 offers to reload), publish or
 * unpublish, its page on the site and its versions. Without `id`: a new article of the locale.
 */
export function ArticleEditor({
  locale,
  id,
  categories,
  onChanged,
  onClose,
}: {
  locale: ArticleLocale;
  id?: string;
  categories: readonly string[];
  onChanged: (message: string, id?: string) => Promise<void> | void;
  onClose: () => void;
}) {
  const { api, config } = useApp();
  const [article, setArticle] = useState<Article | undefined>();
  const [versions, setVersions] = useState<ArticleVersion[]>([]);
  const [d, setD] = useState<Draft>(EMPTY);
  const [conflict, setConflict] = useState<ArticleConflict | undefined>();
  const {
    fields,
    setFields,
    error,
    setError,
    busy,
    save: saving,
  } = useSave({
    refused: (e) => (e instanceof ArticleConflict ? void setConflict(e) : (e as Error).message),
  });
  const first = useRef<HTMLInputElement>(null);

  /** The article as it stands; `keepDraft` leaves what the admin typed in the fields (after a publish or unpublish). */
  const load = async (keepDraft = false) => {
    if (!id) return;
    setError(undefined);
    setConflict(undefined);
    try {
      const r = await articleCall(api.GET('/help-center/articles/{locale}/{id}', { params: { path: { locale, id } } }));
      setArticle(r.article);
      setVersions(r.versions);
      if (!keepDraft) setD(draftOf(r.article));
      setFields({});
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => {
    void load().then(() => first.current?.focus());
  }, [locale, id]);

  /** Runs a change; a refusal lands at its field, a conflict offers the reload, anything else above the buttons. */
  const run = (change: () => Promise<Article>, message: (a: Article) => string, keepDraft = false) => {
    setConflict(undefined);
    return saving(async () => {
      const saved = await change();
      setArticle(saved);
      if (!keepDraft) setD(draftOf(saved));
      await onChanged(message(saved), saved.id);
      if (id) await load(keepDraft);
    });
  };

  const content = () => ({ title: d.title, body: d.body, category: d.category, intents: words(d.intents), tags: listed(d.tags) });
  const save = (e: Event) => {
    e.preventDefault();
    if (article)
      void run(
        () =>
          articleCall(
            api.PATCH('/help-center/articles/{locale}/{id}', {
              params: { path: { locale, id: article.id } },
              body: { basedOn: article.version, ...content() },
            }),
          ),
        (a) => t('articlesSaved', { title: a.title, version: a.version }),
      );
    else
      void run(
        () => articleCall(api.POST('/help-center/articles', { body: { locale, slug: d.slug, ...content(), published: true } })),
        (a) => t('articlesCreated', { title: a.title }),
      );
  };
  const setPublished = (published: boolean) =>
    article &&
    void run(
      () =>
        articleCall(
          api.PATCH('/help-center/articles/{locale}/{id}', { params: { path: { locale, id: article.id } }, body: { basedOn: article.version, published } }),
        ),
      (a) => t(published ? 'articlesNowPublished' : 'articlesNowUnpublished', { title: a.title }),
      true,
    );
  const restore = (version: number) =>
    article &&
    run(
      () =>
        articleCall(
          api.POST('/help-center/articles/{locale}/{id}/restore', {
            params: { path: { locale, id: article.id } },
            body: { basedOn: article.version, version },
          }),
        ),
      (a) => t('articlesRestored', { title: a.title, version }),
    );

  const field = (name: FieldName, label: string, o: { rows?: number; hint?: string; list?: string } = {}) => (
    <TextField
      id={`article-${name}`}
      class={`articles-field articles-field-${name}`}
      label={label}
      value={d[name]}
      onValue={(v) => setD({ ...d, [name]: v })}
      error={fields[name]}
      hint={o.hint}
      hintClass="muted articles-hint"
      {...(o.rows ? { rows: o.rows } : {})}
      input={{ ...(o.list ? { list: o.list } : {}), ...(name === (article ? 'title' : 'slug') ? { ref: first } : {}) }}
    />
  );

  const siteLink = article?.published ? articleUrl(config.helpUrl, article) : undefined;
  const heading = article ? t('articlesEditing', { title: article.title }) : t('articlesNew');
  if (id && !article && !error) return <p class="muted">{t('loading')}</p>;
  return (
    <div class="articles-editor">
      <form class="editor" onSubmit={save} aria-label={heading}>
        <h3>{heading}</h3>
        {article && (
          <p class="muted">
            /{article.locale}/{article.slug}/ · {t('articlesVersion', { version: article.version })} ·{' '}
            {t(article.published ? 'articlesPublished' : 'articlesUnpublished')}
            {siteLink && (
              <>
                {' · '}
                <a href={siteLink} target="_blank" rel="noopener">
                  {t('articlesViewOnSite')}
                </a>
              </>
            )}
          </p>
        )}
        {!article && field('slug', t('articlesSlug'), { hint: t('articlesSlugHint') })}
        {field('title', t('adminTitle'))}
        {field('category', t('articlesCategory'), { list: 'article-categories' })}
        <datalist id="article-categories">
          {categories.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
        {field('body', t('articlesBody'), { rows: 14, hint: t('articlesBodyHint') })}
        <details class="articles-preview-box">
          <summary>{t('articlesPreview')}</summary>
          <ArticlePreview markdown={d.body} />
        </details>
        {field('intents', t('articlesIntents'), { hint: t('articlesIntentsHint') })}
        {field('tags', t('articlesTags'))}
        {conflict && (
          <div class="articles-conflict" role="alert">
            <p>{conflict.current ? t('articlesConflictAt', { version: conflict.current }) : t('articlesConflict')}</p>
            <button type="button" onClick={() => void load()}>
              {t('articlesReload')}
            </button>
          </div>
        )}
        <ErrorLine error={error} />
        <div class="tools">
          <button type="submit" class="primary" disabled={busy}>
            {article ? t('adminSave') : t('articlesCreate')}
          </button>
          {article && (
            <button type="button" disabled={busy} onClick={() => setPublished(!article.published)}>
              {t(article.published ? 'articlesUnpublish' : 'articlesPublish')}
            </button>
          )}
          <button type="button" onClick={onClose}>
            {t('articlesClose')}
          </button>
        </div>
      </form>
      {article && <ArticleVersions current={article.version} versions={versions} onRestore={restore} busy={busy} />}
    </div>
  );
}
