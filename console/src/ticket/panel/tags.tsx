import { useEffect, useRef, useState } from 'preact/hooks';
import type { TicketWithTimeline } from '../../api';
import { t } from '../../i18n';
import type { TicketPatch } from '../ticket-view';

/** The API's rule for a tag (lambdas/agent/schemas.ts), checked here so the agent hears it before sending. */
const TAG = /^[\p{L}\p{N}_\-.:]{1,40}$/u;

/** Words typed in the box: commas or spaces separate tags; the ones the ticket has are left out. */
export function tagsToAdd(input: string, current: readonly string[]): { tags: string[]; invalid: string[] } {
  const words = [...new Set(input.split(/[\s,]+/).filter(Boolean))];
  return { tags: words.filter((w) => TAG.test(w) && !current.includes(w)), invalid: words.filter((w) => !TAG.test(w)) };
}

/** The ticket's tags: each removable with its own button; new ones typed and added with Enter. */
export function TagEditor({ ticket, patch }: { ticket: TicketWithTimeline; patch: (p: TicketPatch) => Promise<void> }) {
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // The box empties once the ticket has every tag typed; a refused (stale) change leaves them there to send again.
  useEffect(() => {
    const { tags, invalid: bad } = tagsToAdd(draft, ticket.tags);
    if (draft.trim() && tags.length === 0 && bad.length === 0) setDraft('');
  }, [ticket.tags.join(',')]);
  const add = (e: Event) => {
    e.preventDefault();
    const { tags, invalid: bad } = tagsToAdd(draft, ticket.tags);
    setInvalid(bad.length > 0);
    if (bad.length > 0 || tags.length === 0) return;
    void patch({ addTags: tags });
  };
  const remove = (tag: string) => {
    void patch({ removeTags: [tag] }).then(() => input.current?.focus());
  };
  return (
    <fieldset class="panel-field tags">
      <legend>{t('tags')}</legend>
      {ticket.tags.length > 0 ? (
        <ul class="tag-list">
          {ticket.tags.map((tag) => (
            <li key={tag} class="tag">
              <span>{tag}</span>
              <button
                type="button"
                class="tag-remove"
                aria-label={t('panelRemoveTag', { tag })}
                title={t('panelRemoveTag', { tag })}
                onClick={() => remove(tag)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('panelNoTags')}</p>
      )}
      <form class="inline-form" onSubmit={add}>
        <label class="grow">
          <span class="visually-hidden">{t('panelNewTag')}</span>
          <input
            ref={input}
            type="text"
            value={draft}
            placeholder={t('panelNewTag')}
            aria-invalid={invalid}
            aria-describedby={invalid ? 'tag-error' : undefined}
            onInput={(e) => {
              setDraft((e.target as HTMLInputElement).value);
              setInvalid(false);
            }}
          />
        </label>
        <button type="submit" disabled={!draft.trim()}>
          {t('panelAddTag')}
        </button>
      </form>
      {invalid && (
        <p id="tag-error" class="error" role="alert">
          {t('panelTagInvalid')}
        </p>
      )}
    </fieldset>
  );
}
