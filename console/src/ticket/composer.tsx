import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { must, type CannedResponse, type TicketWithTimeline } from '../api';
import { useApp } from '../context';
import { fold, t } from '../i18n';
import { isTyping } from '../shell';

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

  const onInput = (value: string) => {
    setText(value);
    // The visitor sees "typing" while an agent types a reply on a live channel (at most every 3 s).
    if (mode === 'reply' && ticket.channel === 'chat' && Date.now() - lastTyping.current > 3_000) {
      lastTyping.current = Date.now();
      void api.POST('/tickets/{id}/typing', { params: { path: { id: ticket.id } }, body: { typing: true } }).catch(() => undefined);
    }
  };

  const send = async (e: Event) => {
    e.preventDefault();
    if (!text.trim() || busy) return;
    setBusy(true);
    try {
      if (mode === 'reply')
        await must(api.POST('/tickets/{id}/replies', { params: { path: { id: ticket.id } }, body: { text, clientKey: clientKey.current } }));
      else await must(api.POST('/tickets/{id}/notes', { params: { path: { id: ticket.id } }, body: { text } }));
      setText('');
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
      {error && (
        <p role="alert" class="error">
          {t('error', { message: error })}
        </p>
      )}
      <div class="composer-actions">
        <button type="submit" class="primary" disabled={busy || !text.trim()}>
          {mode === 'reply' ? t('send') : t('addNote')}
        </button>
      </div>
    </form>
  );
}
