import { useState } from 'preact/hooks';
import { formatDateTime, t } from '../i18n';
import type { ArticleVersion } from './article-calls';

/** An article's versions, newest first: who changed what when; an older one can be restored (as a new version) after a confirmation. */
export function ArticleVersions({
  current,
  versions,
  onRestore,
  busy,
}: {
  current: number;
  versions: readonly ArticleVersion[];
  onRestore: (version: number) => Promise<unknown> | undefined;
  busy: boolean;
}) {
  const [confirming, setConfirming] = useState<number | undefined>();
  return (
    <section class="articles-versions" aria-labelledby="article-versions-heading">
      <h3 id="article-versions-heading">{t('articlesVersions')}</h3>
      <ol class="articles-list">
        {versions.map((v) => (
          <li key={v.version}>
            <div class="head">
              <strong>{t('articlesVersion', { version: v.version })}</strong>
              <span class="badge">{t(`articlesChange_${v.change}`)}</span>
              {v.version !== current &&
                (confirming === v.version ? (
                  <>
                    <button
                      type="button"
                      class="primary"
                      disabled={busy}
                      onClick={() => {
                        setConfirming(undefined);
                        void onRestore(v.version);
                      }}
                      aria-label={t('articlesConfirmRestoreNamed', { version: v.version })}
                    >
                      {t('articlesConfirmRestore')}
                    </button>
                    <button type="button" onClick={() => setConfirming(undefined)}>
                      {t('adminCancel')}
                    </button>
                  </>
                ) : (
                  <button type="button" onClick={() => setConfirming(v.version)} aria-label={t('articlesRestoreNamed', { version: v.version })}>
                    {t('articlesRestore')}
                  </button>
                ))}
            </div>
            <p class="muted">
              {v.title}
              {' · '}
              {v.updatedAt ? t('articlesChangedBy', { who: v.updatedBy ?? '?', when: formatDateTime(v.updatedAt) }) : t('articlesShipped')}
              {v.restoredFrom !== undefined ? ` · ${t('articlesRestoredFrom', { version: v.restoredFrom })}` : ''}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
