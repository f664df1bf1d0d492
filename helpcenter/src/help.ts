import MiniSearch from 'minisearch';
import { fold } from '#brain/text';
import { indexOptions, queryOptions, type SearchDocument } from '#helpcenter/search-index';
import type { SearchLocale } from '#helpcenter/search-text';
import { setUpFeedback } from './feedback';
import { report } from './report';

/**
 * The help center's script: search while typing (the pages work without it: the form submits to the
 * locale's index, which lists every article), and "still need help?" opening the chat widget, which
 * is loaded only then. Its settings are the data attributes of its own <script> element.
 */
const script = document.currentScript as HTMLScriptElement | null;
const data = script?.dataset ?? {};
const locale: SearchLocale = data.locale === 'en' ? 'en' : 'tr';
const base = (data.index ?? '').replace(/[^/]+\/search-index\.json$/, '');

const TEXTS = {
  tr: { results: (n: number) => `${n} sonuç`, none: 'Sonuç bulunamadı. Başka kelimelerle deneyin ya da bize yazın.', loading: 'Aranıyor…' },
  en: { results: (n: number) => `${n} result${n === 1 ? '' : 's'}`, none: 'No results. Try other words, or write to us.', loading: 'Searching…' },
}[locale];

const MAX_RESULTS = 8;
/** A search that found nothing is reported once the visitor has stopped typing this long: the final query, not each keystroke. */
const MISS_QUIET_MS = 1500;

let index: Promise<MiniSearch<SearchDocument>> | undefined;
const loadIndex = () =>
  (index ??= fetch(data.index ?? '')
    .then((r) => {
      if (!r.ok) throw new Error(`search index: HTTP ${r.status}`);
      return r.text();
    })
    .then((json) => MiniSearch.loadJSON<SearchDocument>(json, indexOptions(locale))));

function setUpSearch(): void {
  const input = document.getElementById('q') as HTMLInputElement | null;
  const list = document.getElementById('search-results');
  const status = document.getElementById('search-status');
  if (!input || !list || !status) return;
  let latest = 0;
  let missTimer: ReturnType<typeof setTimeout> | undefined;
  const reported = new Set<string>();
  const reportMiss = (query: string) => {
    const folded = fold(query);
    if (reported.has(folded)) return;
    reported.add(folded);
    report(base, { event: 'search_miss', locale, query: folded });
  };
  const show = async (final = false) => {
    const query = input.value.trim();
    const run = ++latest;
    if (!query) {
      list.hidden = true;
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    const search = await loadIndex();
    if (run !== latest) return;
    const hits = search.search(query, queryOptions()).slice(0, MAX_RESULTS);
    list.replaceChildren(
      ...hits.map((hit) => {
        const li = document.createElement('li');
        const a = document.createElement('a');
        a.href = `${base}${hit.path as string}`;
        a.textContent = hit.title as string;
        const small = document.createElement('span');
        small.className = 'meta';
        small.textContent = `${hit.category as string} · ${hit.excerpt as string}`;
        li.append(a, small);
        return li;
      }),
    );
    list.hidden = hits.length === 0;
    clearTimeout(missTimer);
    if (!hits.length) {
      if (final) reportMiss(query);
      else missTimer = setTimeout(() => input.value.trim() === query && reportMiss(query), MISS_QUIET_MS);
    }
    status.textContent = hits.length ? TEXTS.results(hits.length) : TEXTS.none;
    // Which query the list shows (results arrive while the visitor types on).
    list.dataset.query = query;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    clearTimeout(missTimer);
    timer = setTimeout(() => void show().catch(() => (status.textContent = TEXTS.none)), 60);
  });
  // The index is fetched when the visitor shows interest, not with every page.
  input.addEventListener('focus', () => void loadIndex().catch(() => undefined), { once: true });
  input.form?.addEventListener('submit', (e) => {
    e.preventDefault();
    void show(true);
  });
  // A link to /<locale>/?q=… (or the form sent before this script ran) opens with its results.
  const asked = new URLSearchParams(location.search).get('q');
  if (asked && !input.value) input.value = asked;
  if (input.value.trim()) void show();
}

/**
 * "Still need help?": the chat widget, loaded on the first click (where it is comes from chat.json)
 * and opened through its page API. Without chat settings the link goes where it points (e-mail).
 */
function setUpChat(): void {
  const link = document.getElementById('open-chat') as HTMLAnchorElement | null;
  if (!link || !data.chat) return;
  let settings: Promise<{ widgetUrl?: string; apiUrl?: string } | undefined> | undefined;
  const loadSettings = () =>
    (settings ??= fetch(data.chat!)
      .then((r) => (r.ok ? r.json() : undefined))
      .catch(() => undefined));
  // Fetched ahead, so the click opens the chat at once.
  link.addEventListener('pointerenter', () => void loadSettings(), { once: true });
  link.addEventListener('focus', () => void loadSettings(), { once: true });
  link.addEventListener('click', (e) => {
    e.preventDefault();
    void loadSettings().then((chat) => {
      if (!chat?.widgetUrl || !chat.apiUrl) return void (location.href = link.href);
      openWidget(chat.widgetUrl, chat.apiUrl);
    });
  });
}

function openWidget(widgetUrl: string, apiUrl: string): void {
  // The widget's loader queue: calls made before widget.js runs are replayed by it.
  const w = window as unknown as { Destek?: Partial<DestekApi> & { q?: [string, unknown[]][] } };
  if (w.Destek?.open && !w.Destek.q) {
    w.Destek.open();
    return;
  }
  w.Destek ??= { q: [] };
  w.Destek.q ??= [];
  w.Destek.q.push(['open', []]);
  if (document.getElementById('destek-widget-script')) return;
  const s = document.createElement('script');
  s.id = 'destek-widget-script';
  s.src = widgetUrl;
  s.async = true;
  s.dataset.destekUrl = apiUrl;
  s.dataset.locale = locale;
  // The widget suggests this site's articles as the visitor types.
  s.dataset.helpUrl = new URL(base, location.href).href;
  document.body.append(s);
}

const start = () => {
  setUpSearch();
  setUpChat();
  setUpFeedback(base);
};
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
