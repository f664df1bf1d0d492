import { installApi } from './api';
import { attachFiles } from './attach';
import { Connection } from './connection';
import { el, newId } from './dom';
import { pickLocale, texts, type Locale } from './i18n';
import { forgetVisitor, loadProfile, saveProfile, type Profile } from './profile';
import type { Action, ChatMessage } from './protocol';
import { helpUrlOf, placementOf, welcomeText } from './settings';
import { suggestArticles } from './suggestions';
import { Timeline } from './timeline';
import { buildView, labelView, type View } from './view';

/**
 * The Destek chat widget: one script tag, no framework, everything inside a shadow root.
 *   <script src=".../widget.js" data-destek-url="https://api…" async></script>
 * Optional: data-locale="tr|en", data-customer-ref="<the shop's signed reference>",
 * data-welcome-tr / data-welcome-en (the greeting), data-position="left|right", data-offset-x,
 * data-offset-y (px), data-help-url (the help center whose articles it suggests). The page drives it through window.Destek (api.ts, widget/destek.d.ts).
 */
const script = document.currentScript as HTMLScriptElement | null;
const data: DOMStringMap = script?.dataset ?? {};
const baseUrl = (data.destekUrl ?? '').replace(/\/+$/, '');

function mount(): void {
  if (!baseUrl || document.getElementById('destek-chat')) return;
  let locale: Locale = pickLocale(data.locale, document.documentElement.lang);
  let t = texts[locale];
  let customerRef = data.customerRef || undefined;
  let profile = loadProfile();
  const host = el('div', { id: 'destek-chat' });
  document.body.appendChild(host);
  const view = buildView(host, t, placementOf(data), welcomeText(locale, data));
  const prechat = prechatForm(view, (p) => (profile = p));
  // A customer the shop signed in (data-customer-ref, Destek.setCustomer) is known: name and e-mail are not asked for.
  const askProfile = () => prechat.show(!profile.done && !customerRef);
  askProfile();

  const timeline: Timeline = new Timeline(view, t, {
    onAction: (a: Action) => {
      if (a.type !== 'csat') return sendText(a.value);
      // The rating URL is signed; posting its score is the vote (opening the link only asks). The answer is not needed.
      const link = new URL(a.value);
      const score = link.searchParams.get('score') ?? '';
      link.search = '';
      void fetch(link.href, { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ score }) }).catch(() => undefined);
      view.actions.replaceChildren();
      timeline.add([{ id: `local-${newId()}`, direction: 'out', kind: 'local', text: t.thanks, at: new Date().toISOString() }]);
    },
    onUnread: (count) => {
      labelLauncher();
      page.emit('unread', { count });
    },
  });

  const announce = (messages: readonly ChatMessage[]) => {
    for (const m of messages) {
      if (m.kind !== 'local') page.emit('message', { id: m.id, from: m.direction === 'in' ? 'visitor' : 'support', kind: m.kind, text: m.text, at: m.at });
    }
  };

  /** A connection of its own for each visitor (reset) and customer (setCustomer); a replaced one is stopped and heard no more. */
  function connect(): Connection {
    let historyShown = false;
    const c: Connection = new Connection(baseUrl, customerRef, {
      onMessages: (m, fromHistory) => {
        if (c !== connection) return;
        const added = timeline.add(m);
        // The conversation shown at load is not news; what a later page of history brings (missed while offline) is.
        if (historyShown || !fromHistory) announce(added);
        if (fromHistory) historyShown = true;
      },
      onAck: (id) => c === connection && timeline.acknowledge(id),
      onTyping: (on) => c === connection && timeline.setTyping(on),
      onError: (code, message, id) => {
        if (c !== connection) return;
        if (id) timeline.fail(id);
        view.status.textContent = `${t.error} ${message} (${code})`;
      },
      onStatus: (s) => {
        if (c === connection) view.status.textContent = s === 'offline' ? t.offline : s === 'fallback' ? t.fallback : '';
      },
    });
    return c;
  }
  let connection = connect();
  const restart = () => {
    connection.stop();
    timeline.clear();
    view.status.textContent = '';
    connection = connect();
    void connection.start();
  };

  function sendText(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    const messageId = newId();
    const msg: ChatMessage = { id: messageId, direction: 'in', kind: 'message', text: trimmed, at: new Date().toISOString(), pending: true };
    timeline.addPending(msg);
    announce([msg]);
    view.actions.replaceChildren();
    view.status.textContent = '';
    suggestions.messageSent();
    // No "typing" here: that is shown only while an agent types; the message stays pending until acknowledged.
    connection.send({ messageId, text: trimmed, ...(profile.name ? { name: profile.name } : {}), ...(profile.email ? { email: profile.email } : {}) });
  }

  const isOpen = () => !view.panel.hidden;
  function labelLauncher(): void {
    const n = timeline.unreadCount;
    view.launcher.setAttribute('aria-label', isOpen() ? t.close : n ? `${t.open} (${t.unread(n)})` : t.open);
  }
  const setOpen = (open: boolean) => {
    if (open === isOpen()) return;
    view.panel.hidden = !open;
    view.launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      timeline.markRead();
      (prechat.shown() ? view.nameInput : view.input).focus();
      timeline.scrollToEnd();
    } else if (document.activeElement === host) {
      // Focus was in the widget: back to the launcher (the page's own focus is left alone).
      view.launcher.focus();
    }
    labelLauncher();
    page.emit(open ? 'open' : 'close', {});
  };
  view.launcher.addEventListener('click', () => setOpen(!isOpen()));
  view.close.addEventListener('click', () => setOpen(false));
  view.panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') setOpen(false);
  });
  view.human.addEventListener('click', () => sendText(t.humanText));
  composer(view, sendText);
  const suggestions = suggestArticles({ view, helpUrl: helpUrlOf(data), apiUrl: baseUrl, locale: () => locale, texts: () => t });
  const attach = attachFiles({ view, timeline, connection: () => connection, baseUrl, locale: () => locale, profile: () => profile });
  labelLauncher();

  const page = installApi({
    open: () => setOpen(true),
    close: () => setOpen(false),
    setLocale: (l) => {
      locale = l;
      t = texts[l];
      labelView(view, t, welcomeText(l, data));
      timeline.setTexts(t);
      attach.relabel();
      suggestions.relabel(t);
      labelLauncher();
    },
    setCustomer: (ref) => {
      if (ref === customerRef) return;
      customerRef = ref;
      askProfile();
      restart();
    },
    reset: () => {
      connection.stop();
      forgetVisitor();
      profile = {};
      customerRef = undefined;
      askProfile();
      restart();
    },
  });
  void connection.start();
  // ready is told to listeners the queue adds too; then what the page asked before widget.js ran.
  page.emit('ready', { locale });
  page.replayQueue();
}

/** The message box: Enter sends, Shift+Enter breaks the line. */
function composer(view: View, sendText: (text: string) => void): void {
  view.form.addEventListener('submit', (e) => {
    e.preventDefault();
    sendText(view.input.value);
    view.input.value = '';
    view.input.focus();
  });
  view.input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      view.form.requestSubmit();
    }
  });
}

/** The pre-chat form (name and e-mail, optional), shown until the visitor fills or skips it once; never to a signed customer. */
function prechatForm(view: View, onDone: (p: Profile) => void): { shown: () => boolean; show: (on: boolean) => void } {
  const show = (on: boolean) => {
    view.prechat.hidden = !on;
    view.form.hidden = on;
  };
  const finish = (save: boolean) => {
    const name = view.nameInput.value.trim();
    const email = view.emailInput.validity.valid && view.emailInput.value ? view.emailInput.value.trim() : '';
    const next: Profile = { done: true, ...(save && name ? { name } : {}), ...(save && email ? { email } : {}) };
    saveProfile(next);
    onDone(next);
    show(false);
    view.input.focus();
  };
  view.prechat.addEventListener('submit', (e) => {
    e.preventDefault();
    finish(true);
  });
  view.skip.addEventListener('click', () => finish(false));
  return { shown: () => !view.prechat.hidden, show };
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
