import { el } from './dom';
import { texts, type Texts } from './i18n';
import type { Action, ChatMessage } from './protocol';
import type { View } from './view';

const TYPING_TIMEOUT_MS = 15_000;

/**
 * The conversation as shown: messages in time order (history may arrive after live ones), the
 * visitor's pending messages until acknowledged, the typing indicator, the last reply's quick
 * actions, and the unread count while the panel is closed.
 */
export class Timeline {
  private readonly messages = new Map<string, { msg: ChatMessage; node: HTMLLIElement }>();
  private unread = 0;
  private typing: HTMLLIElement | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly view: View,
    private readonly t: Texts,
    private readonly onAction: (a: Action) => void,
  ) {}

  setTyping(on: boolean): void {
    clearTimeout(this.typingTimer);
    this.typing?.remove();
    this.typing = undefined;
    if (!on) return;
    this.typing = el('li', { class: 'typing', 'aria-label': this.t.typing }, this.t.typing);
    this.view.list.append(this.typing);
    this.scrollToEnd();
    this.typingTimer = setTimeout(() => this.setTyping(false), TYPING_TIMEOUT_MS);
  }

  renderActions(acts: readonly Action[] | undefined): void {
    this.view.actions.replaceChildren();
    for (const a of acts ?? []) {
      const b = el('button', { type: 'button', 'data-type': a.type }, a.label);
      b.addEventListener('click', () => this.onAction(a));
      this.view.actions.append(b);
    }
  }

  /** A message the visitor just sent, shown as pending until the server acknowledges it. */
  addPending(msg: ChatMessage): void {
    const li = this.node(msg);
    this.view.list.insertBefore(li, this.typing ?? null);
    this.messages.set(msg.id, { msg, node: li });
  }

  acknowledge(id: string): void {
    this.messages.get(id)?.node.classList.remove('pending');
  }

  fail(id: string): void {
    this.messages.get(id)?.node.classList.add('failed');
  }

  add(incoming: readonly ChatMessage[]): void {
    let newest: ChatMessage | undefined;
    for (const m of incoming) {
      // The visitor's own message comes back from history under its server id: replace the local one.
      const local = m.clientMessageId ? this.messages.get(m.clientMessageId) : undefined;
      if (local) {
        this.messages.delete(m.clientMessageId!);
        local.node.classList.remove('pending');
        this.messages.set(m.id, { msg: m, node: local.node });
        continue;
      }
      if (this.messages.has(m.id)) continue;
      const li = this.node(m);
      // Keep time order: history can arrive after live messages.
      const after = [...this.messages.values()].find((x) => x.msg.at > m.at && !x.msg.pending);
      if (after) this.view.list.insertBefore(li, after.node);
      else this.view.list.insertBefore(li, this.typing ?? null);
      this.messages.set(m.id, { msg: m, node: li });
      if (m.direction === 'out') newest = m;
    }
    if (newest) this.showReply(newest);
    this.scrollToEnd();
  }

  /** Opening the panel reads everything. */
  markRead(): void {
    this.unread = 0;
    this.view.badge.hidden = true;
  }

  scrollToEnd(): void {
    this.view.list.scrollTop = this.view.list.scrollHeight;
  }

  private showReply(reply: ChatMessage): void {
    this.setTyping(false);
    // A reply's buttons stand only while it is the conversation's last word (also after a reload).
    let latest = reply;
    for (const x of this.messages.values()) if (x.msg.at > latest.at) latest = x.msg;
    this.renderActions(latest === reply ? reply.actions : undefined);
    if (this.view.panel.hidden) {
      this.unread++;
      this.view.badge.textContent = String(this.unread);
      this.view.badge.hidden = false;
      this.view.launcher.setAttribute('aria-label', `${this.t.open} (${this.t.unread(this.unread)})`);
    }
  }

  private node(m: ChatMessage): HTMLLIElement {
    const li = el('li', { class: `${m.direction}${m.pending ? ' pending' : ''}` });
    const time = new Date(m.at).toLocaleTimeString(this.t === texts.tr ? 'tr-TR' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
    li.append(
      el('span', { class: 'sr' }, `${m.direction === 'in' ? this.t.you : this.t.support}: `),
      document.createTextNode(m.text),
      ...(m.files ?? []).map((f) => el('span', { class: 'file' }, f.filename)),
      el('time', { datetime: m.at }, time),
    );
    return li;
  }
}
