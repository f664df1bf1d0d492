import { DEFLECTION_WINDOW_MS } from '#helpcenter/deflection';
import { suggest, type SuggestEntry } from '#helpcenter/suggest';
import { el } from './dom';
import type { Locale, Texts } from './i18n';
import type { View } from './view';

/** What the widget remembers of the article it opened last (this origin's localStorage): no visitor id. */
const OPENED_KEY = 'destek.helpOpened';
const DEBOUNCE_MS = 250;

export interface Suggestions {
  /** A message is being sent: a suggestion opened within 10 minutes did not answer, say so once. */
  messageSent(): void;
  relabel(t: Texts): void;
}

/**
 * Help-center articles suggested above the composer as the visitor types, before anything is sent.
 * The site's suggestion index is fetched on the composer's first focus; a suggestion opens its article
 * in a new tab marked ?from=widget (that page counts the opening). Without a help center, nothing.
 */
export function suggestArticles(o: { view: View; helpUrl: string | undefined; apiUrl: string; locale: () => Locale; texts: () => Texts }): Suggestions {
  const { view, helpUrl } = o;
  const box = el('nav', { class: 'suggest', hidden: '' });
  const heading = el('p', { class: 'suggest-title', id: 'destek-suggest-title' });
  const list = el('ul');
  const live = el('p', { class: 'sr', 'aria-live': 'polite' });
  box.setAttribute('aria-labelledby', heading.id);
  box.append(heading, list);
  view.form.before(box, live);
  const relabel = (t: Texts) => (heading.textContent = t.suggestTitle);
  relabel(o.texts());

  // Form-encoded, as a beacon: no preflight, and sent even as the visitor leaves. Counting is best effort.
  const report = (fields: Record<string, string>) => {
    const url = `${o.apiUrl}/help-center/events`;
    const body = new URLSearchParams(fields);
    try {
      if (navigator.sendBeacon?.(url, body)) return;
    } catch {
      // Refused (a page's policy): the request below.
    }
    void fetch(url, { method: 'POST', mode: 'no-cors', body, keepalive: true }).catch(() => undefined);
  };
  const messageSent = () => {
    const opened = readOpened();
    if (!opened) return;
    localStorage.removeItem(OPENED_KEY);
    if (Date.now() - opened.at <= DEFLECTION_WINDOW_MS) report({ event: 'wrote_after', locale: opened.locale, article: opened.id });
  };
  if (!helpUrl) return { messageSent, relabel };
  const base = helpUrl.endsWith('/') ? helpUrl : `${helpUrl}/`;

  const indexes = new Map<Locale, Promise<SuggestEntry[]>>();
  const load = (locale: Locale) => {
    let index = indexes.get(locale);
    if (!index) {
      index = fetch(`${base}${locale}/suggest.json`)
        .then((r) => (r.ok ? (r.json() as Promise<SuggestEntry[]>) : []))
        .catch(() => []);
      indexes.set(locale, index);
    }
    return index;
  };
  // Reported once per article while this page is open: "shown" is not every keystroke.
  const shown = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let run = 0;
  const update = async () => {
    const locale = o.locale();
    const text = view.input.value;
    const mine = ++run;
    const found = text.trim().length >= 3 ? suggest(await load(locale), text, locale) : [];
    if (mine !== run) return;
    const ids = found.map((f) => f.id).join();
    if (ids === list.dataset.ids) return;
    list.dataset.ids = ids;
    list.replaceChildren(
      ...found.map((f) => {
        const a = el('a', { href: `${base}${f.path}?from=widget`, target: '_blank', rel: 'noopener' }, f.title);
        a.addEventListener('click', () => localStorage.setItem(OPENED_KEY, JSON.stringify({ id: f.id, locale, at: Date.now() })));
        const li = el('li');
        li.append(a);
        return li;
      }),
    );
    box.hidden = !found.length;
    live.textContent = found.length ? o.texts().suggested(found.length) : '';
    const fresh = found.filter((f) => !shown.has(f.id));
    if (fresh.length) {
      for (const f of fresh) shown.add(f.id);
      report({ event: 'suggested', locale, article: fresh.map((f) => f.id).join() });
    }
  };
  view.input.addEventListener('focus', () => void load(o.locale()), { once: true });
  view.input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void update(), DEBOUNCE_MS);
  });
  // The message is on its way: the suggestions for it go.
  view.form.addEventListener('submit', () => {
    clearTimeout(timer);
    run++;
    box.hidden = true;
    list.dataset.ids = '';
    live.textContent = '';
  });
  return { messageSent, relabel };
}

function readOpened(): { id: string; locale: string; at: number } | undefined {
  try {
    const v = JSON.parse(localStorage.getItem(OPENED_KEY) ?? 'null');
    return v && typeof v.id === 'string' && typeof v.at === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}
