import { attachFiles } from './attach';
import { Connection } from './connection';
import { el, newId } from './dom';
import { pickLocale, texts } from './i18n';
import { loadProfile, saveProfile, type Profile } from './profile';
import type { Action, ChatMessage } from './protocol';
import { Timeline } from './timeline';
import { buildView, type View } from './view';

/**
 * The Destek chat widget: one script tag, no framework, everything inside a shadow root.
 *   <script src=".../widget.js" data-destek-url="https://api…" async></script>
 * Optional: data-locale="tr|en", data-customer-ref="<the shop's signed reference>".
 */
const script = document.currentScript as HTMLScriptElement | null;
const baseUrl = (script?.dataset.destekUrl ?? '').replace(/\/+$/, '');
const t = texts[pickLocale(script?.dataset.locale, document.documentElement.lang)];

function mount(): void {
  if (!baseUrl || document.getElementById('destek-chat')) return;
  const host = el('div', { id: 'destek-chat' });
  document.body.appendChild(host);
  const view = buildView(host, t);
  let profile = loadProfile();
  // A customer the shop signed in (data-customer-ref) is known: name and e-mail are not asked for.
  const prechat = prechatForm(view, profile, Boolean(script?.dataset.customerRef), (p) => (profile = p));

  const timeline: Timeline = new Timeline(view, t, (a: Action) => {
    if (a.type !== 'csat') return sendText(a.value);
    // The rating URL is signed; posting its score is the vote (opening the link only asks). The answer is not needed.
    const link = new URL(a.value);
    const score = link.searchParams.get('score') ?? '';
    link.search = '';
    void fetch(link.href, { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ score }) }).catch(() => undefined);
    view.actions.replaceChildren();
    timeline.add([{ id: `local-${newId()}`, direction: 'out', kind: 'local', text: t.thanks, at: new Date().toISOString() }]);
  });

  const connection = new Connection(baseUrl, script?.dataset.customerRef, {
    onMessages: (m) => timeline.add(m),
    onAck: (id) => timeline.acknowledge(id),
    onTyping: (on) => timeline.setTyping(on),
    onError: (code, message, id) => {
      timeline.setTyping(false);
      if (id) timeline.fail(id);
      view.status.textContent = `${t.error} ${message} (${code})`;
    },
    onStatus: (s) => {
      view.status.textContent = s === 'offline' ? t.offline : s === 'fallback' ? t.fallback : '';
    },
  });

  function sendText(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    const messageId = newId();
    const msg: ChatMessage = { id: messageId, direction: 'in', kind: 'message', text: trimmed, at: new Date().toISOString(), pending: true };
    timeline.addPending(msg);
    view.actions.replaceChildren();
    view.status.textContent = '';
    timeline.setTyping(true);
    connection.send({ messageId, text: trimmed, ...(profile.name ? { name: profile.name } : {}), ...(profile.email ? { email: profile.email } : {}) });
  }

  const setOpen = (open: boolean) => {
    view.panel.hidden = !open;
    view.launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      timeline.markRead();
      view.launcher.setAttribute('aria-label', t.close);
      (prechat.shown() ? view.nameInput : view.input).focus();
      timeline.scrollToEnd();
    } else {
      view.launcher.setAttribute('aria-label', t.open);
      view.launcher.focus();
    }
  };
  view.launcher.addEventListener('click', () => setOpen(view.panel.hidden));
  view.close.addEventListener('click', () => setOpen(false));
  view.panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') setOpen(false);
  });
  view.human.addEventListener('click', () => sendText(t.humanText));
  composer(view, sendText);
  attachFiles({ view, timeline, connection, baseUrl, locale: t === texts.tr ? 'tr' : 'en', profile: () => profile });
  void connection.start();
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
function prechatForm(view: View, profile: Profile, signed: boolean, onDone: (p: Profile) => void): { shown: () => boolean } {
  const show = (on: boolean) => {
    view.prechat.hidden = !on;
    view.form.hidden = on;
    view.prechat.style.display = on ? '' : 'none';
    view.form.style.display = on ? 'none' : '';
  };
  show(!profile.done && !signed);
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
  return { shown: () => !view.prechat.hidden };
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
