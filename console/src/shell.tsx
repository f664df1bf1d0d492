import { useEffect, useState } from 'preact/hooks';
import { App, type AppContext } from './context';
import { locale, setLocale, t, type Locale } from './i18n';
import './admin/styles';
import { AdminPage } from './pages/admin-page';
import { Dashboard } from './pages/dashboard';
import { Inbox } from './pages/inbox';
import { startLive } from './live';
import { hrefOf, route } from './router';
import { PresenceControl } from './ui/presence';
import { Shortcuts } from './ui/shortcuts';

/** The frame around every page: navigation, language, the agent and sign-out. */
export function Shell({ app }: { app: AppContext }) {
  const r = route.value;
  const [help, setHelp] = useState(false);
  // Other agents' changes and customers' messages, pushed (or polled) for as long as the console is open.
  useEffect(() => startLive(app.config.liveUrl, () => app.session.token()), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !isTyping(e)) setHelp((open) => !open);
      if (e.key === 'Escape') setHelp(false);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  const nav = [
    { page: 'inbox' as const, label: t('navInbox') },
    { page: 'dashboard' as const, label: t('navDashboard') },
    ...(app.session.agent.admin ? [{ page: 'admin' as const, label: t('navAdmin') }] : []),
  ];
  return (
    <App.Provider value={app}>
      <header class="topbar">
        <span class="brand">{app.config.shopName ?? t('appName')}</span>
        <nav aria-label={t('appName')}>
          {nav.map((n) => (
            <a key={n.page} href={hrefOf({ page: n.page })} aria-current={r.page === n.page ? 'page' : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <span class="spacer" />
        <PresenceControl />
        <label class="lang">
          <span class="visually-hidden">{t('language')}</span>
          <select value={locale.value} onChange={(e) => setLocale((e.target as HTMLSelectElement).value as Locale)}>
            <option value="tr">Türkçe</option>
            <option value="en">English</option>
          </select>
        </label>
        <span class="who" title={app.session.agent.email}>
          {app.session.agent.email}
        </span>
        <button type="button" class="link" onClick={() => void app.session.signOut()}>
          {t('signOut')}
        </button>
      </header>
      <main id="main">
        {r.page === 'inbox' && <Inbox ticketId={r.ticketId} />}
        {r.page === 'dashboard' && <Dashboard />}
        {r.page === 'admin' && (app.session.agent.admin ? <AdminPage /> : <Inbox />)}
      </main>
      {help && <Shortcuts onClose={() => setHelp(false)} />}
    </App.Provider>
  );
}

/** Keys typed into a field are text, not shortcuts. */
export function isTyping(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}
