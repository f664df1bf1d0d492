import type { Connection } from './connection';
import { el, newId } from './dom';
import type { ChatMessage } from './protocol';
import type { Timeline } from './timeline';
import type { View } from './view';

/** The attach button's words (kept here, beside the only code that uses them). */
const words = {
  tr: {
    attach: 'Fotoğraf veya PDF ekle',
    tooLarge: (mb: string) => `Dosya çok büyük: en fazla ${mb} MB gönderebilirsiniz.`,
    wrongType: 'Yalnızca fotoğraf (JPEG, PNG, WebP, HEIC) veya PDF gönderebilirsiniz.',
    failed: 'Dosya gönderilemedi; lütfen yeniden deneyin.',
    tooMany: 'Çok sık gönderdiniz; bir dakika sonra yeniden deneyin.',
  },
  en: {
    attach: 'Attach a photo or PDF',
    tooLarge: (mb: string) => `The file is too large: at most ${mb} MB.`,
    wrongType: 'Only photos (JPEG, PNG, WebP, HEIC) or PDF files can be sent.',
    failed: 'The file could not be sent; please try again.',
    tooMany: 'Too many messages at once; please try again in a minute.',
  },
};

/** What the server takes when the token answer names nothing (an older server): its own defaults. */
const DEFAULT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf'];
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

function clipIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const icon = document.createElementNS(ns, 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M16.5 6.5l-8 8a2 2 0 0 0 2.8 2.8l8.5-8.5a4 4 0 0 0-5.7-5.7L5.6 11.6a6 6 0 0 0 8.5 8.5l6.4-6.4');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  path.setAttribute('stroke-linecap', 'round');
  icon.append(path);
  return icon;
}

export interface AttachDeps {
  readonly view: View;
  readonly timeline: Timeline;
  /** The visitor's connection now (reset and setCustomer replace it). */
  readonly connection: () => Connection;
  readonly baseUrl: string;
  readonly locale: () => 'tr' | 'en';
  /** The pre-chat form's name and e-mail, when the visitor gave them. */
  readonly profile: () => { name?: string; email?: string };
}

/**
 * The composer's attach button: picks a photo or PDF, shows it at once as the visitor's message, and
 * sends it to POST /chat/attachments with the visitor token. The server checks the file by its bytes;
 * the size is checked here first only to answer at once. A refused file is marked failed, with why.
 */
export function attachFiles(deps: AttachDeps): { relabel(): void } {
  const { view, timeline } = deps;
  let w = words[deps.locale()];
  // Hidden: the button is the control (named, focusable); it opens the picker.
  const input = el('input', { type: 'file', hidden: '', accept: [...DEFAULT_TYPES, '.heic', '.heif'].join(',') });
  const button = el('button', { type: 'button', class: 'attach', 'aria-label': w.attach, title: w.attach });
  button.append(clipIcon());
  view.form.insertBefore(button, view.input);
  view.form.append(input);
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = '';
    if (file) void send(file);
  });

  async function send(file: File): Promise<void> {
    const session = deps.connection().current;
    const maxBytes = session?.limits.maxFileBytes ?? DEFAULT_MAX_BYTES;
    const messageId = newId();
    const msg: ChatMessage = {
      id: messageId,
      direction: 'in',
      kind: 'message',
      text: '',
      at: new Date().toISOString(),
      pending: true,
      files: [{ filename: file.name, contentType: file.type, size: file.size }],
    };
    timeline.addPending(msg);
    timeline.scrollToEnd();
    view.status.textContent = '';
    const refuse = (why: string) => {
      timeline.fail(messageId);
      view.status.textContent = why;
    };
    if (file.size > maxBytes) return refuse(w.tooLarge((maxBytes / 1024 / 1024).toFixed(0)));
    if (!session) return refuse(w.failed);
    const { name, email } = deps.profile();
    const query = new URLSearchParams({ messageId, filename: file.name || 'file', ...(name ? { name } : {}), ...(email ? { email } : {}) });
    try {
      // The bytes as they are: the server decides the type from them, never from this header.
      const res = await fetch(`${deps.baseUrl}/chat/attachments?${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/octet-stream' },
        body: file,
      });
      if (res.ok) return timeline.acknowledge(messageId);
      const why: Record<number, string> = { 413: w.tooLarge((maxBytes / 1024 / 1024).toFixed(0)), 415: w.wrongType, 429: w.tooMany };
      refuse(why[res.status] ?? w.failed);
    } catch {
      refuse(w.failed);
    }
  }
  return {
    relabel() {
      w = words[deps.locale()];
      button.setAttribute('aria-label', w.attach);
      button.setAttribute('title', w.attach);
    },
  };
}
