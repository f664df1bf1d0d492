import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { must, type CannedResponse, type TicketWithTimeline } from '../api';
import { useApp } from '../context';
import { fold, t } from '../i18n';
import { isTyping } from '../shell';
import { UPLOAD_ACCEPT, uploadFile, type UploadedFile } from './uploads';

/**
 * Reply or internal note. `/` at the start of the box searches the canned responses; the bot's
 * suggested answer goes in with one click; a reply is sent once however often the button is pressed
 * (a client key per draft).
 */
export function Composer({ ticket, onSent }: { ticket: TicketWithTimeline; onSent: () => Promise<void> }) {
  const { api } = useApp();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [uploading, setUploading] = useState(0);
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const stopTyping = useRef<ReturnType<typeof setTimeout>>();
  const clientKey = useRef(crypto.randomUUID());
  const box = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === 'r' || e.key === 'n') {
        e.preventDefault();
        setMode(e.key === 'r' ? 'reply' : 'note');
        box.current?.focus();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    void must(api.GET('/canned-responses', { params: { query: { locale: ticket.locale } } }))
      .then((page) => setCanned(page.items))
      .catch(() => setCanned([]));
  }, [ticket.locale]);

  const slash = text.startsWith('/') && !text.includes('\n') ? fold(text.slice(1)) : undefined;
  const matches = useMemo(() => (slash === undefined ? [] : canned.filter((c) => fold(`${c.title} ${c.text}`).includes(slash)).slice(0, 6)), [slash, canned]);

  const typing = (on: boolean) => void api.POST('/tickets/{id}/typing', { params: { path: { id: ticket.id } }, body: { typing: on } }).catch(() => undefined);
  const onInput = (value: string) => {
    setText(value);
    // The visitor sees "typing" only while an agent types a reply on the live chat: told at most every
    // 3 s, and told it stopped after 4 s without a key.
    if (mode !== 'reply' || ticket.channel !== 'chat') return;
    if (Date.now() - lastTyping.current > 3_000) {
      lastTyping.current = Date.now();
      typing(true);
    }
    clearTimeout(stopTyping.current);
    stopTyping.current = setTimeout(() => {
      lastTyping.current = 0;
      typing(false);
    }, 4_000);
  };

  const attach = async (list: FileList | null) => {
    for (const file of Array.from(list ?? [])) {
      setUploading((n) => n + 1);
      try {
        const uploaded = await uploadFile(api, ticket.id, file);
        setFiles((before) => [...before, uploaded]);
      } catch (err) {
        setError((err as Error).message);
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const send = async (e: Event) => {
    e.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true);
    try {
      if (mode === 'reply')
        await must(
          api.POST('/tickets/{id}/replies', {
            params: { path: { id: ticket.id } },
            body: {
              text,
              clientKey: clientKey.current,
              ...(files.length ? { attachments: files.map((f) => f.key) } : {}),
              ...(ticket.public ? { visibility } : {}),
            },
          }),
        );
      else await must(api.POST('/tickets/{id}/notes', { params: { path: { id: ticket.id } }, body: { text } }));
      setText('');
      setFiles([]);
      clearTimeout(stopTyping.current);
      lastTyping.current = 0;
      clientKey.current = crypto.randomUUID();
      setError(undefined);
      await onSent();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const label = mode === 'reply' ? t('reply') : t('note');
  const replyWindow = ticket.replyWindow;
  return (
    <form class={`composer ${mode}`} onSubmit={send}>
      <fieldset class="composer-tabs">
        <legend class="visually-hidden">{label}</legend>
        <button type="button" aria-pressed={mode === 'reply'} onClick={() => setMode('reply')}>
          {t('reply')}
        </button>
        <button type="button" aria-pressed={mode === 'note'} onClick={() => setMode('note')}>
          {t('note')}
        </button>
        {ticket.suggestedAnswer && mode === 'reply' && (
          <button type="button" class="link" onClick={() => setText(ticket.suggestedAnswer ?? '')}>
            {t('insertSuggestion')}
          </button>
        )}
      </fieldset>
      <textarea
        ref={box}
        aria-label={label}
        rows={4}
        value={text}
        onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void send(e);
          if (e.key === 'Escape') box.current?.blur();
        }}
      />
      {matches.length > 0 && (
        <ul class="canned" aria-label="/">
          {matches.map((c) => (
            <li key={c.id}>
              <button type="button" onClick={() => setText(c.text)}>
                <strong>{c.title}</strong> <span class="muted">{c.text.slice(0, 80)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {mode === 'reply' && !replyWindow.open && (
        <p class="notice" role="status">
          {replyWindow.templateRequired ? t('templateOnly', { reason: replyWindow.reason ?? '' }) : t('windowClosed', { reason: replyWindow.reason ?? '' })}
        </p>
      )}
      {files.length > 0 && (
        <ul class="attached" aria-label={t('attachments')}>
          {files.map((f) => (
            <li key={f.key}>
              {f.filename} <span class="muted">{Math.ceil(f.size / 1024)} KB</span>{' '}
              <button
                type="button"
                class="link"
                aria-label={t('removeFile', { name: f.filename })}
                onClick={() => setFiles((all) => all.filter((x) => x.key !== f.key))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" class="error">
          {t('error', { message: error })}
        </p>
      )}
      <div class="composer-actions">
        {mode === 'reply' && replyWindow.open && (
          <label class="attach">
            <span>{t('attach')}</span>
            <input type="file" multiple accept={UPLOAD_ACCEPT} onChange={(e) => void attach((e.target as HTMLInputElement).files)} />
          </label>
        )}
        {mode === 'reply' && ticket.public && (
          <label>
            <span class="visually-hidden">{t('visibility')}</span>
            <select
              aria-label={t('visibility')}
              value={visibility}
              onChange={(e) => setVisibility((e.target as HTMLSelectElement).value as 'public' | 'private')}
            >
              <option value="public">{t('replyPublic')}</option>
              <option value="private">{t('replyPrivate')}</option>
            </select>
          </label>
        )}
        {uploading > 0 && <span class="muted">{t('uploading')}</span>}
        <button type="submit" class="primary" disabled={busy || uploading > 0 || !text.trim()}>
          {mode === 'reply' ? t('send') : t('addNote')}
        </button>
      </div>
    </form>
  );
}
