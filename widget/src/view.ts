import { chatIcon, el } from './dom';
import type { Texts } from './i18n';
import { styles } from './styles';

/** The widget's elements, inside a shadow root of their own. */
export interface View {
  readonly launcher: HTMLButtonElement;
  readonly badge: HTMLSpanElement;
  readonly panel: HTMLElement;
  readonly human: HTMLButtonElement;
  readonly close: HTMLButtonElement;
  readonly status: HTMLDivElement;
  readonly list: HTMLOListElement;
  readonly actions: HTMLDivElement;
  readonly form: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  readonly prechat: HTMLFormElement;
  readonly nameInput: HTMLInputElement;
  readonly emailInput: HTMLInputElement;
  readonly skip: HTMLButtonElement;
}

/** Builds the launcher and the panel (header, status, messages, quick actions, pre-chat form, composer). */
export function buildView(host: HTMLElement, t: Texts): View {
  const root = host.attachShadow({ mode: 'open' });
  root.appendChild(el('style', {}, styles));

  const panelId = 'destek-panel';
  const launcher = el('button', { class: 'launcher', type: 'button', 'aria-label': t.open, 'aria-expanded': 'false', 'aria-controls': panelId });
  const badge = el('span', { class: 'badge', hidden: '' });
  launcher.append(chatIcon(), badge);

  const panel = el('section', { class: 'panel', id: panelId, role: 'dialog', 'aria-label': t.title, hidden: '' });
  const header = el('header');
  const human = el('button', { type: 'button', class: 'human' }, t.human);
  const close = el('button', { type: 'button', 'aria-label': t.close }, '✕');
  header.append(el('h2', {}, t.title), human, close);
  const status = el('div', { class: 'status', role: 'status' });
  const list = el('ol', { 'aria-label': t.messages, role: 'log', 'aria-live': 'polite', tabindex: '0' });
  const actions = el('div', { class: 'actions', role: 'group', 'aria-label': t.quick });

  const form = el('form');
  const inputId = 'destek-input';
  const input = el('textarea', { id: inputId, placeholder: t.placeholder, rows: '1' });
  form.append(el('label', { for: inputId, class: 'sr' }, t.input), input, el('button', { type: 'submit' }, t.send));

  const prechat = el('form', { class: 'prechat', 'aria-label': t.prechat });
  const nameInput = el('input', { type: 'text', autocomplete: 'name', 'aria-label': t.name, placeholder: t.name });
  const emailInput = el('input', { type: 'email', autocomplete: 'email', 'aria-label': t.email, placeholder: t.email });
  const row = el('div', { class: 'row' });
  const skip = el('button', { type: 'button', class: 'secondary' }, t.skip);
  row.append(el('button', { type: 'submit' }, t.start), skip);
  prechat.append(el('p', {}, t.prechat), nameInput, emailInput, row);

  panel.append(header, status, list, actions, prechat, form);
  const wrapper = el('div', { class: 'w' });
  wrapper.append(panel, launcher);
  root.append(wrapper);
  return { launcher, badge, panel, human, close, status, list, actions, form, input, prechat, nameInput, emailInput, skip };
}
