import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';

let adminPage: Promise<FunctionComponent> | undefined;

/**
 * The admin page, loaded when an admin first opens it: most agents never do, so its code stays out
 * of what the console loads first. Its styles are in app.css (admin/styles.ts): esbuild does not load
 * a lazy chunk's CSS.
 */
export function AdminPage() {
  const [Page, setPage] = useState<FunctionComponent | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    (adminPage ??= import('./admin').then((m) => m.Admin)).then(
      (page) => setPage(() => page),
      () => {
        // A new deployment may have replaced the chunk: the next attempt asks again.
        adminPage = undefined;
        setFailed(true);
      },
    );
  }, []);
  if (failed) return <p role="alert">{t('adminPageFailed')}</p>;
  return Page ? <Page /> : <p aria-busy="true">{t('loading')}</p>;
}
