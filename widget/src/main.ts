import { Connection } from './connection';
import { pickLocale, texts } from './i18n';
import type { Action, ChatMessage } from './protocol';
import { styles } from './styles';

/**
 * The Destek chat widget: one script tag, no framework, everything inside a shadow root.
 *   <script src=".../widget.js" data-destek-url="https://api…" async></script>
 * Optional: data-locale="tr|en", data-customer-ref="<the shop's signed reference>".
 */
const script = document.currentScript as HTMLScriptElement | null;
const baseUrl = (script?.dataset.destekUrl ?? '').replace(/\/+$/, '');
const t = texts[pickLocale(script?.dataset.locale, document.documentElement.lang)];
const PROFILE_KEY = 'destek.profile';
const TYPING_TIMEOUT_MS = 15_000;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function newId(): string {
  return (crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`).replace(/[^A-Za-z0-9_-]/g, '');
}

function mount(): void {
  if (!baseUrl || document.getElementById('destek-chat')) return;
  const host = el('div', { id: 'destek-chat' });
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  root.appendChild(el('style', {}, styles));

  const panelId = 'destek-panel';
  const launcher = el('button', { class: 'launcher', type: 'button', 'aria-label': t.open, 'aria-expanded': 'false', 'aria-controls': panelId });
  // A drawn icon, not an emoji: pages (and headless browsers) may have no emoji font.
  const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('width', '28');
  icon.setAttribute('height', '28');
  icon.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  path.setAttribute('fill', 'currentColor');
  icon.append(path);
  launcher.append(icon);
  const badge = el('span', { class: 'badge', hidden: '' });
  launcher.append(badge);

  const panel = el('section', { class: 'panel', id: panelId, role: 'dialog', 'aria-label': t.title, hidden: '' });
  const header = el('header');
  const title = el('h2', {}, t.title);
  const human = el('button', { type: 'button', class: 'human' }, t.human);
  const close = el('button', { type: 'button', 'aria-label': t.close }, '✕');
  header.append(title, human, close);
  const status = el('div', { class: 'status', role: 'status' });
  const list = el('ol', { 'aria-label': t.messages, role: 'log', 'aria-live': 'polite', tabindex: '0' });
  const actions = el('div', { class: 'actions', role: 'group', 'aria-label': t.quick });

  const form = el('form');
  const inputId = 'destek-input';
  const label = el('label', { for: inputId, class: 'sr' }, t.input);
  const input = el('textarea', { id: inputId, placeholder: t.placeholder, rows: '1' });
  const send = el('button', { type: 'submit' }, t.send);
  form.append(label, input, send);

  let profile: { name?: string; email?: string; done?: boolean } = {};
  try {
    profile = JSON.parse(localStorage.getItem(PROFILE_KEY) ?? '{}');
  } catch {
    profile = {};
  }
  const prechat = el('form', { class: 'prechat', 'aria-label': t.prechat });
  const nameInput = el('input', { type: 'text', autocomplete: 'name', 'aria-label': t.name, placeholder: t.name });
  const emailInput = el('input', { type: 'email', autocomplete: 'email', 'aria-label': t.email, placeholder: t.email });
  const row = el('div', { class: 'row' });
  const start = el('button', { type: 'submit' }, t.start);
  const skip = el('button', { type: 'button', class: 'secondary' }, t.skip);
  row.append(start, skip);
  prechat.append(el('p', {}, t.prechat), nameInput, emailInput, row);

  panel.append(header, status, list, actions, prechat, form);
  const wrapper = el('div', { class: 'w' });
  wrapper.append(panel, launcher);
  root.append(wrapper);

  const messages = new Map<string, { msg: ChatMessage; node: HTMLLIElement }>();
  let unread = 0;
  let typing: HTMLLIElement | undefined;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  const showPrechat = (show: boolean) => {
    prechat.hidden = !show;
    form.hidden = show;
    prechat.style.display = show ? '' : 'none';
    form.style.display = show ? 'none' : '';
  };
  showPrechat(!profile.done);

  const formatTime = (iso: string) =>
    new Date(iso).toLocaleTimeString(t === texts.tr ? 'tr-TR' : 'en-GB', { hour: '2-digit', minute: '2-digit' });

  const setTyping = (on: boolean) => {
    clearTimeout(typingTimer);
    typing?.remove();
    typing = undefined;
    if (!on) return;
    typing = el('li', { class: 'typing', 'aria-label': t.typing }, t.typing);
    list.append(typing);
    list.scrollTop = list.scrollHeight;
    typingTimer = setTimeout(() => setTyping(false), TYPING_TIMEOUT_MS);
  };

  const renderActions = (acts: readonly Action[] | undefined) => {
    actions.replaceChildren();
    for (const a of acts ?? []) {
      const b = el('button', { type: 'button', 'data-type': a.type }, a.label);
      b.addEventListener('click', () => {
        if (a.type === 'csat') {
          // The rating URL is signed; calling it is the vote. The answer is not needed.
          void fetch(a.value, { mode: 'no-cors' }).catch(() => undefined);
          actions.replaceChildren();
          addMessages([{ id: `local-${newId()}`, direction: 'out', kind: 'local', text: t.thanks, at: new Date().toISOString() }]);
        } else sendText(a.value);
      });
      actions.append(b);
    }
  };

  const node = (m: ChatMessage) => {
    const li = el('li', { class: `${m.direction}${m.pending ? ' pending' : ''}` });
    li.append(el('span', { class: 'sr' }, `${m.direction === 'in' ? t.you : t.support}: `), document.createTextNode(m.text), el('time', { datetime: m.at }, formatTime(m.at)));
    return li;
  };

  function addMessages(incoming: ChatMessage[]): void {
    let newest: ChatMessage | undefined;
    for (const m of incoming) {
      // The visitor's own message comes back from history under its server id: replace the local one.
      const local = m.clientMessageId ? messages.get(m.clientMessageId) : undefined;
      if (local) {
        messages.delete(m.clientMessageId!);
        local.node.classList.remove('pending');
        messages.set(m.id, { msg: m, node: local.node });
        continue;
      }
      if (messages.has(m.id)) continue;
      const li = node(m);
      // Keep time order: history can arrive after live messages.
      const after = [...messages.values()].find((x) => x.msg.at > m.at && !x.msg.pending);
      if (after) list.insertBefore(li, after.node);
      else list.insertBefore(li, typing ?? null);
      messages.set(m.id, { msg: m, node: li });
      if (m.direction === 'out') newest = m;
    }
    if (newest) {
      setTyping(false);
      // A reply's buttons stand only while it is the conversation's last word (also after a reload).
      let latest = newest;
      for (const x of messages.values()) if (x.msg.at > latest.at) latest = x.msg;
      renderActions(latest === newest ? newest.actions : undefined);
      if (panel.hidden) {
        unread++;
        badge.textContent = String(unread);
        badge.hidden = false;
        launcher.setAttribute('aria-label', `${t.open} (${t.unread(unread)})`);
      }
    }
    list.scrollTop = list.scrollHeight;
  }

  const connection = new Connection(baseUrl, script?.dataset.customerRef, {
    onMessages: addMessages,
    onAck: (id) => messages.get(id)?.node.classList.remove('pending'),
    onTyping: (on) => setTyping(on),
    onError: (code, message, id) => {
      setTyping(false);
      if (id) messages.get(id)?.node.classList.add('failed');
      status.textContent = `${t.error} ${message} (${code})`;
    },
    onStatus: (s) => {
      status.textContent = s === 'offline' ? t.offline : s === 'fallback' ? t.fallback : '';
    },
  });

  function sendText(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    const messageId = newId();
    const msg: ChatMessage = { id: messageId, direction: 'in', kind: 'message', text: trimmed, at: new Date().toISOString(), pending: true };
    const li = node(msg);
    list.insertBefore(li, typing ?? null);
    messages.set(messageId, { msg, node: li });
    actions.replaceChildren();
    status.textContent = '';
    setTyping(true);
    connection.send({ messageId, text: trimmed, ...(profile.name ? { name: profile.name } : {}), ...(profile.email ? { email: profile.email } : {}) });
  }

  const setOpen = (open: boolean) => {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      unread = 0;
      badge.hidden = true;
      launcher.setAttribute('aria-label', t.close);
      (prechat.hidden ? input : nameInput).focus();
      list.scrollTop = list.scrollHeight;
    } else {
      launcher.setAttribute('aria-label', t.open);
      launcher.focus();
    }
  };

  launcher.addEventListener('click', () => setOpen(panel.hidden));
  close.addEventListener('click', () => setOpen(false));
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') setOpen(false);
  });
  human.addEventListener('click', () => sendText(t.humanText));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    sendText(input.value);
    input.value = '';
    input.focus();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  const finishPrechat = (save: boolean) => {
    profile = { done: true, ...(save && nameInput.value.trim() ? { name: nameInput.value.trim() } : {}), ...(save && emailInput.validity.valid && emailInput.value ? { email: emailInput.value.trim() } : {}) };
    try {
      localStorage.setItem(PROFILE_KEY, JSON.stringify(profile));
    } catch {
      // Not kept; asked again next time.
    }
    showPrechat(false);
    input.focus();
  };
  prechat.addEventListener('submit', (e) => {
    e.preventDefault();
    finishPrechat(true);
  });
  skip.addEventListener('click', () => finishPrechat(false));

  void connection.start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
