import { chatIcon, el } from './dom';
import type { Texts } from './i18n';
import type { Placement } from './settings';
import { styles } from './styles';

/** The widget's elements, inside a shadow root of their own. */
export interface View {
  readonly launcher: HTMLButtonElement;
  readonly badge: HTMLSpanElement;
  readonly panel: HTMLElement;
  readonly title: HTMLHeadingElement;
  readonly human: HTMLButtonElement;
  readonly close: HTMLButtonElement;
  readonly status: HTMLDivElement;
  readonly list: HTMLOListElement;
  /** The greeting at the top of the conversation: the widget's own, never sent or stored. */
  readonly welcome: HTMLLIElement;
  readonly actions: HTMLDivElement;
  readonly form: HTMLFormElement;
  readonly inputLabel: HTMLLabelElement;
  readonly input: HTMLTextAreaElement;
  readonly send: HTMLButtonElement;
  readonly prechat: HTMLFormElement;
  readonly prechatQuestion: HTMLParagraphElement;
  readonly nameInput: HTMLInputElement;
  readonly emailInput: HTMLInputElement;
  readonly start: HTMLButtonElement;
  readonly skip: HTMLButtonElement;
}

/** Builds the launcher and the panel (header, status, messages, quick actions, pre-chat form, composer). */
export function buildView(host: HTMLElement, t: Texts, placement: Placement, welcome: string): View {
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, styles(placement));

  const panelId = 'destek-panel';
  const launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': panelId });
  const badge = el('span', { class: 'badge', hidden: '' });
  launcher.append(chatIcon(), badge);

  const panel = el('section', { class: 'panel', id: panelId, role: 'dialog', hidden: '' });
  const header = el('header');
  const title = el('h2');
  const human = el('button', { type: 'button', class: 'human' });
  const close = el('button', { type: 'button', class: 'close' }, '✕');
  header.append(title, human, close);
  const status = el('div', { class: 'status', role: 'status' });
  // A list (axe: a role on <ol> would unmake its items) that announces what is added, as role="log" would.
  const list = el('ol', { 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0' });
  const welcomeItem = el('li', { class: 'welcome' });
  list.append(welcomeItem);
  const actions = el('div', { class: 'actions', role: 'group' });

  // The composer: further controls (an attach button, say) go into this form, before the send button.
  const form = el('form', { class: 'composer' });
  const inputId = 'destek-input';
  const inputLabel = el('label', { for: inputId, class: 'sr' });
  const input = el('textarea', { id: inputId, rows: '1' });
  const send = el('button', { type: 'submit' });
  form.append(inputLabel, input, send);

  const prechat = el('form', { class: 'prechat' });
  const prechatQuestion = el('p');
  const nameInput = el('input', { type: 'text', autocomplete: 'name' });
  const emailInput = el('input', { type: 'email', autocomplete: 'email' });
  const row = el('div', { class: 'row' });
  const start = el('button', { type: 'submit' });
  const skip = el('button', { type: 'button', class: 'secondary' });
  row.append(start, skip);
  prechat.append(prechatQuestion, nameInput, emailInput, row);

  panel.append(header, status, list, actions, prechat, form);
  const wrapper = el('div', { class: 'w' });
  wrapper.append(panel, launcher);
  root.append(wrapper);
  const view: View = {
    launcher,
    badge,
    panel,
    title,
    human,
    close,
    status,
    list,
    welcome: welcomeItem,
    actions,
    form,
    inputLabel,
    input,
    send,
    prechat,
    prechatQuestion,
    nameInput,
    emailInput,
    start,
    skip,
  };
  labelView(view, t, welcome);
  return view;
}

/** Every word of the view in one locale: at build, and again when the page calls Destek.setLocale(). */
export function labelView(v: View, t: Texts, welcome: string): void {
  v.panel.setAttribute('aria-label', t.title);
  v.title.textContent = t.title;
  v.human.textContent = t.human;
  v.close.setAttribute('aria-label', t.close);
  v.list.setAttribute('aria-label', t.messages);
  v.welcome.replaceChildren(el('span', { class: 'sr' }, `${t.support}: `), document.createTextNode(welcome));
  v.actions.setAttribute('aria-label', t.quick);
  v.inputLabel.textContent = t.input;
  v.input.placeholder = t.placeholder;
  v.send.textContent = t.send;
  v.prechat.setAttribute('aria-label', t.prechat);
  v.prechatQuestion.textContent = t.prechat;
  for (const [input, label] of [
    [v.nameInput, t.name],
    [v.emailInput, t.email],
  ] as const) {
    input.setAttribute('aria-label', label);
    input.placeholder = label;
  }
  v.start.textContent = t.start;
  v.skip.textContent = t.skip;
}

/**
 * A constructed style sheet where the browser has them: CSSOM, so a page whose Content-Security-Policy
 * forbids inline styles still styles the widget. Older browsers get a <style> element.
 */
function adoptStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.appendChild(el('style', {}, css));
  }
}
