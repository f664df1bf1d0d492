import { el } from './dom';
import { texts, type Texts } from './i18n';
import { loadReadAt, saveReadAt } from './profile';
import type { Action, ChatMessage } from './protocol';
import type { View } from './view';

/**
 * An agent's console repeats "typing" every 3 s while keys are pressed and says when they stop; a
 * stop that never comes (a closed tab) ends the indicator after this long.
 */
const TYPING_TIMEOUT_MS = 10_000;

export interface TimelineHooks {
  onAction(a: Action): void;
  /** The count of replies the visitor has not seen changed. */
  onUnread(count: number): void;
}

/**
 * The conversation as shown: messages in time order (history may arrive after live ones), the
 * visitor's pending messages until acknowledged, the "typing" indicator while an agent writes (and
 * only then), the last reply's quick actions, and the unread count while the panel is closed.
 */
export class Timeline {
  private readonly messages = new Map<string, { msg: ChatMessage; node: HTMLLIElement }>();
  private unread = 0;
  /** Replies up to this time were seen with the panel open (kept across reloads). */
  private readAt = loadReadAt();
  private typing: HTMLLIElement | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly view: View,
    private t: Texts,
    private readonly hooks: TimelineHooks,
  ) {}

  get unreadCount(): number {
    return this.unread;
  }

  setTexts(t: Texts): void {
    this.t = t;
    if (this.typing) this.setTyping(true);
  }

  /** Shown only on an agent's typing frames: never as a stand-in for waiting on the bot. */
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
      b.addEventListener('click', () => this.hooks.onAction(a));
      this.view.actions.append(b);
    }
  }

  /** A message the visitor just sent, shown as pending until the server acknowledges (or refuses) it. */
  addPending(msg: ChatMessage): void {
    const li = this.node(msg);
    this.view.list.insertBefore(li, this.typing ?? null);
    this.messages.set(msg.id, { msg, node: li });
  }

  acknowledge(id: string): void {
    this.settle(id)?.classList.remove('pending');
  }

  /** Refused: marked as failed, no longer pending. */
  fail(id: string): void {
    this.settle(id)?.classList.replace('pending', 'failed');
  }

  private settle(id: string): HTMLLIElement | undefined {
    const entry = this.messages.get(id);
    if (!entry) return undefined;
    entry.msg = { ...entry.msg, pending: false };
    return entry.node;
  }

  /** Shows what is new among `incoming` and returns it (what was already shown is skipped). */
  add(incoming: readonly ChatMessage[]): ChatMessage[] {
    const added: ChatMessage[] = [];
    let newest: ChatMessage | undefined;
    for (const m of incoming) {
      // The visitor's own message comes back from history under its server id: replace the local one.
      const local = m.clientMessageId ? this.messages.get(m.clientMessageId) : undefined;
      if (local) {
        this.messages.delete(m.clientMessageId!);
        local.node.classList.remove('pending', 'failed');
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
      added.push(m);
      if (m.direction === 'out') {
        newest = m;
        this.countUnread(m);
      }
    }
    if (newest) this.showReply(newest);
    this.scrollToEnd();
    return added;
  }

  /** Destek.reset(), or another customer: an empty conversation (the greeting stays). */
  clear(): void {
    for (const { node } of this.messages.values()) node.remove();
    this.messages.clear();
    this.setTyping(false);
    this.renderActions(undefined);
    // After Destek.reset() the browser has forgotten it ('').
    this.readAt = loadReadAt();
    this.setUnread(0);
  }

  /** Opening the panel reads everything. */
  markRead(): void {
    for (const { msg } of this.messages.values()) if (msg.direction === 'out' && msg.at > this.readAt) this.readAt = msg.at;
    saveReadAt(this.readAt);
    this.setUnread(0);
  }

  scrollToEnd(): void {
    this.view.list.scrollTop = this.view.list.scrollHeight;
  }

  private countUnread(m: ChatMessage): void {
    if (m.kind === 'local') return;
    if (!this.view.panel.hidden) {
      if (m.at > this.readAt) saveReadAt((this.readAt = m.at));
    } else if (m.at > this.readAt) {
      this.setUnread(this.unread + 1);
    }
  }

  private setUnread(n: number): void {
    if (n === this.unread) return;
    this.unread = n;
    this.view.badge.textContent = String(n);
    this.view.badge.hidden = n === 0;
    this.hooks.onUnread(n);
  }

  private showReply(reply: ChatMessage): void {
    this.setTyping(false);
    // A reply's buttons stand only while it is the conversation's last word (also after a reload).
    let latest = reply;
    for (const x of this.messages.values()) if (x.msg.at > latest.at) latest = x.msg;
    this.renderActions(latest === reply ? reply.actions : undefined);
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
