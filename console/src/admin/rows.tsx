import { useEffect, useRef } from 'preact/hooks';
import { t, LOCALES } from '../i18n';

/** One row of a rule's conditions or actions, or a macro's actions: a kind, its value, and a locale where the kind has one. */
export interface Row {
  readonly key: string;
  readonly kind: string;
  readonly value: string;
  readonly locale: string;
}

export type Choice = { readonly value: string; readonly label: string };
/** The input a kind's value needs: a choice, a line of text (with suggestions), a text, or nothing. */
type ValueInput =
  | { readonly type: 'select'; readonly choices: readonly Choice[] }
  | { readonly type: 'text'; readonly suggestions?: readonly string[] }
  | { readonly type: 'textarea' }
  | { readonly type: 'none' };

export interface KindSpec {
  readonly kind: string;
  readonly label: string;
  /** The value's input for a row of this kind (a localized kind's choices may depend on its locale). */
  readonly input: (row: Row) => ValueInput;
  readonly localized?: boolean;
  /** At most one row of this kind (per locale when localized). */
  readonly once?: boolean;
}

let nextKey = 0;
export const newRow = (kind: string, value = '', locale: string = LOCALES[0]): Row => ({ key: `r${++nextKey}`, kind, value, locale });

/** A new row's first value: a choice's first option, otherwise empty. */
function firstValue(spec: KindSpec, locale: string = LOCALES[0]): string {
  const input = spec.input({ key: '', kind: spec.kind, value: '', locale });
  return input.type === 'select' ? (input.choices[0]?.value ?? '') : '';
}

/**
 * A list of rows the admin adds and removes, each a select for its kind and the right input for its
 * value, all labelled by row number; a new row takes the focus, a removed one gives it to "Add".
 */
export function RowsEditor(p: {
  id: string;
  legend: string;
  rowLabel: (n: number) => string;
  addLabel: string;
  kinds: readonly KindSpec[];
  rows: readonly Row[];
  onChange: (rows: Row[]) => void;
  errors: Readonly<Record<string, string>>;
  groupError?: string | undefined;
}) {
  const focusNext = useRef<string | undefined>();
  useEffect(() => {
    if (!focusNext.current) return;
    (document.getElementById(focusNext.current) as HTMLElement | null)?.focus();
    focusNext.current = undefined;
  });
  const spec = (kind: string) => p.kinds.find((k) => k.kind === kind) ?? p.kinds[0]!;
  const taken = (row: Row, kind: string) => {
    const s = spec(kind);
    return !!s.once && p.rows.some((r) => r.key !== row.key && r.kind === kind && (!s.localized || r.locale === row.locale));
  };
  const update = (key: string, change: Partial<Row>) => p.onChange(p.rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const add = () => {
    const kind = p.kinds.find((k) => !p.rows.some((r) => r.kind === k.kind)) ?? p.kinds[0]!;
    const row = newRow(kind.kind, firstValue(kind));
    focusNext.current = `${p.id}-${row.key}-kind`;
    p.onChange([...p.rows, row]);
  };
  const remove = (key: string) => {
    focusNext.current = `${p.id}-add`;
    p.onChange(p.rows.filter((r) => r.key !== key));
  };
  const groupErrorId = `${p.id}-error`;
  return (
    <fieldset class="rows-editor" {...(p.groupError ? { 'aria-describedby': groupErrorId } : {})}>
      <legend>{p.legend}</legend>
      {p.groupError && (
        <span id={groupErrorId} class="field-error">
          {p.groupError}
        </span>
      )}
      {p.rows.length > 0 && (
        <ol>
          {p.rows.map((row, i) => {
            const s = spec(row.kind);
            const name = p.rowLabel(i + 1);
            const base = `${p.id}-${row.key}`;
            const error = p.errors[row.key];
            const invalid = {
              'aria-invalid': error !== undefined,
              ...(error !== undefined ? { 'aria-describedby': `${base}-error` } : {}),
            };
            return (
              <li key={row.key}>
                <label>
                  {t('rulesRowKind')}
                  <select
                    id={`${base}-kind`}
                    aria-label={`${name}: ${t('rulesRowKind')}`}
                    value={row.kind}
                    onChange={(e) => {
                      const kind = spec((e.target as HTMLSelectElement).value);
                      update(row.key, { kind: kind.kind, value: firstValue(kind, row.locale) });
                    }}
                  >
                    {p.kinds.map((k) => (
                      <option key={k.kind} value={k.kind} disabled={taken(row, k.kind)}>
                        {k.label}
                      </option>
                    ))}
                  </select>
                </label>
                {s.localized && (
                  <label>
                    {t('rulesRowLocale')}
                    <select
                      aria-label={`${name}: ${t('rulesRowLocale')}`}
                      value={row.locale}
                      onChange={(e) => {
                        const locale = (e.target as HTMLSelectElement).value;
                        update(row.key, { locale, value: firstValue(s, locale) });
                      }}
                    >
                      {LOCALES.map((l) => (
                        <option key={l} value={l}>
                          {l}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
                <ValueField
                  id={`${base}-value`}
                  label={s.label}
                  name={`${name}: ${s.label}`}
                  input={s.input(row)}
                  row={row}
                  invalid={invalid}
                  onInput={(value) => update(row.key, { value })}
                />
                <button type="button" class="remove" onClick={() => remove(row.key)} aria-label={t('rulesRowRemove', { row: name })}>
                  {t('rulesRowRemoveShort')}
                </button>
                {error !== undefined && (
                  <span id={`${base}-error`} class="field-error">
                    {error}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <button type="button" id={`${p.id}-add`} onClick={add}>
        {p.addLabel}
      </button>
    </fieldset>
  );
}

function ValueField(p: {
  id: string;
  label: string;
  name: string;
  input: ValueInput;
  row: Row;
  invalid: Record<string, unknown>;
  onInput: (value: string) => void;
}) {
  const { input, row } = p;
  if (input.type === 'none') return <span class="rows-none" />;
  const value = (e: Event) => p.onInput((e.target as HTMLInputElement).value);
  let control;
  if (input.type === 'select') {
    // A value saved earlier that is no longer offered (a deleted team) stays visible, so it is not changed silently.
    const choices = row.value && !input.choices.some((c) => c.value === row.value) ? [{ value: row.value, label: row.value }, ...input.choices] : input.choices;
    control = (
      <select id={p.id} aria-label={p.name} value={row.value} onChange={value} {...p.invalid}>
        {choices.length === 0 && <option value="">{t('rulesRowNoChoices')}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    );
  } else if (input.type === 'textarea') {
    control = <textarea id={p.id} aria-label={p.name} rows={3} value={row.value} onInput={value} {...p.invalid} />;
  } else {
    const listId = input.suggestions?.length ? `${p.id}-list` : undefined;
    control = (
      <>
        <input id={p.id} type="text" aria-label={p.name} value={row.value} onInput={value} {...(listId ? { list: listId } : {})} {...p.invalid} />
        {listId && (
          <datalist id={listId}>
            {input.suggestions!.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        )}
      </>
    );
  }
  return (
    <label for={p.id} class={input.type === 'textarea' ? 'rows-value wide' : 'rows-value'}>
      {p.label}
      {control}
    </label>
  );
}
