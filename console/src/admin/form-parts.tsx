import type { ComponentChildren, JSX } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { FieldErrors } from './fields';

/** The pieces every admin section and editor shares: status and error lines, fields, Save/Cancel, a list's states, delete with a confirmation. */

/** A refusal's line, in the "Error: …" sentence unless `bare` (the message is a sentence already). */
export function ErrorLine({ error, bare = false }: { error: string | undefined; bare?: boolean }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {bare ? error : t('error', { message: error })}
    </p>
  );
}

/** A section's status (read out politely; `asStatus` also gives it the status role) and its error line. */
export function StatusLines({ status, error, bare, asStatus }: { status: string; error: string | undefined; bare?: boolean; asStatus?: boolean }) {
  return (
    <>
      <p class="muted" aria-live="polite" {...(asStatus ? { role: 'status' } : {})}>
        {status}
      </p>
      <ErrorLine error={error} {...(bare ? { bare } : {})} />
    </>
  );
}

/** A section's status and error, with `fail` for a caught error. */
export function useSectionStatus() {
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | undefined>();
  const fail = (e: unknown) => setError((e as Error).message);
  return { status, setStatus, error, setError, fail };
}

/** aria-invalid and aria-describedby for the control `id`: its error line when there is one, then the lines named in `more`. */
export function invalidProps(id: string, error: string | undefined, more: readonly string[] = []) {
  const described = [error !== undefined ? `${id}-error` : '', ...more].filter(Boolean).join(' ');
  return { 'aria-invalid': error !== undefined, ...(described ? { 'aria-describedby': described } : {}) };
}

/** A field's error, beside it and named by its `aria-describedby`. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (error === undefined) return null;
  return (
    <span id={`${id}-error`} class="field-error">
      {error}
    </span>
  );
}

type FieldProps = { id: string; label: string; error: string | undefined; hint?: string | undefined; class?: string; hintClass?: string };

/** A labelled control with its hint and error lines (the control sets its ids with `invalidProps`). */
export function Field(p: FieldProps & { children: ComponentChildren }) {
  return (
    <div {...(p.class ? { class: p.class } : {})}>
      <label for={p.id}>{p.label}</label>
      {p.children}
      {p.hint && (
        <span id={`${p.id}-hint`} class={p.hintClass}>
          {p.hint}
        </span>
      )}
      <FieldError id={p.id} error={p.error} />
    </div>
  );
}

/** A labelled text input (or textarea with `rows`) with aria-invalid and its error line. */
export function TextField(
  p: FieldProps & { value: string; onValue: (value: string) => void; rows?: number; input?: JSX.HTMLAttributes<HTMLInputElement> & { ref?: unknown } },
) {
  const common = {
    id: p.id,
    value: p.value,
    onInput: (e: Event) => p.onValue((e.target as HTMLInputElement).value),
    ...invalidProps(p.id, p.error, p.hint ? [`${p.id}-hint`] : []),
  };
  return <Field {...p}>{p.rows ? <textarea rows={p.rows} {...common} /> : <input type="text" {...common} {...(p.input as object)} />}</Field>;
}

/** An editor's Save (disabled while saving) and Cancel. */
export function SaveCancel({ busy, onCancel }: { busy: boolean; onCancel: () => void }) {
  return (
    <div class="tools">
      <button type="submit" class="primary" disabled={busy}>
        {t('adminSave')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('adminCancel')}
      </button>
    </div>
  );
}

/**
 * An editor's save: busy while it runs; a 400 naming fields puts them beside the fields (`place` may keep
 * some for itself and return the form's), any other refusal shows `refused(err)` (its message by default; none when undefined).
 */
export function useSave(
  opts: { place?: (fields: Readonly<Record<string, string>>) => Record<string, string>; refused?: (err: unknown) => string | undefined } = {},
) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const save = async (call: () => Promise<unknown>) => {
    setBusy(true);
    setFields({});
    setError(undefined);
    try {
      await call();
    } catch (err) {
      if (err instanceof FieldErrors && Object.keys(err.fields).length) setFields(opts.place ? opts.place(err.fields) : { ...err.fields });
      else setError(opts.refused ? opts.refused(err) : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { fields, setFields, error, setError, busy, save };
}

/** A list as it loads: "loading" until it is read, `none` when it is empty, otherwise what `children` makes of it. */
export function Listed<T>({ items, none, children }: { items: readonly T[] | undefined; none: string; children: (items: readonly T[]) => JSX.Element }) {
  if (items === undefined) return <p class="muted">{t('loading')}</p>;
  if (items.length === 0) return <p class="muted">{none}</p>;
  return children(items);
}

/** Delete after a confirmation; the button pressed disappears, so the focus goes to the one that takes its place. */
export function DeleteButtons({ title, onDelete }: { title: string; onDelete: () => void }) {
  const [confirming, setConfirming] = useState<boolean | undefined>();
  const confirmButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (confirming === true) confirmButton.current?.focus();
    if (confirming === false) deleteButton.current?.focus();
  }, [confirming]);
  return confirming ? (
    <>
      <button type="button" class="primary" ref={confirmButton} onClick={onDelete} aria-label={t('adminConfirmDeleteNamed', { title })}>
        {t('adminConfirmDelete')}
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        {t('adminCancel')}
      </button>
    </>
  ) : (
    <button type="button" ref={deleteButton} onClick={() => setConfirming(true)} aria-label={t('adminDeleteNamed', { title })}>
      {t('adminDelete')}
    </button>
  );
}

/** An item's Edit button, named by the item. */
export function EditButton({ title, onEdit }: { title: string; onEdit: () => void }) {
  return (
    <button type="button" onClick={onEdit} aria-label={t('adminEditNamed', { title })}>
      {t('adminEdit')}
    </button>
  );
}

/** A section's locale picker and its search box, side by side in its tools. */
export function LocaleAndSearch<L extends string>(p: {
  locales: readonly L[];
  locale: L;
  onLocale: (l: L) => void;
  searchLabel: string;
  query: string;
  onQuery: (q: string) => void;
}) {
  return (
    <>
      <label>
        {t('adminLocale')}
        <select value={p.locale} onChange={(e) => p.onLocale((e.target as HTMLSelectElement).value as L)}>
          {p.locales.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        {p.searchLabel}
        <input type="search" value={p.query} onInput={(e) => p.onQuery((e.target as HTMLInputElement).value)} />
      </label>
    </>
  );
}
