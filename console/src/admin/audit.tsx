import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { components } from '#agent/api-types';
import { must } from '../api';
import { useApp } from '../context';
import { presetRange } from '../dashboard/range';
import { formatDateTime, t } from '../i18n';
import { StatusLines } from './form-parts';

type AuditRecord = components['schemas']['AuditRecord'];
type Filters = { from: string; to: string; actor: string; action: string };

/** Records per page: enough to read at a glance, few enough to ask for more. */
const AUDIT_PAGE = 20;
const SIGN_IN = 'sign-in';

/** A snapshot as text: JSON, indented; shown in a <pre>, never as markup. */
const snapshot = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value, null, 2));

/** The audit trail: who did what to which item, when, with before and after; newest first. */
export function AuditAdmin() {
  const { api } = useApp();
  const week = presetRange('7d');
  const [draft, setDraft] = useState<Filters>({ ...week, actor: '', action: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [items, setItems] = useState<AuditRecord[] | undefined>();
  const [next, setNext] = useState<string | null>(null);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // After "load more", the keyboard goes on at the first record it added (the button may be gone).
  const [focusRow, setFocusRow] = useState<number | undefined>();
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    if (focusRow === undefined) return;
    body.current?.querySelectorAll<HTMLButtonElement>('tr.audit-row button')[focusRow]?.focus();
    setFocusRow(undefined);
  }, [focusRow, items]);

  const page = (f: Filters, cursor?: string) =>
    must(
      api.GET('/audit', {
        params: {
          query: {
            from: f.from,
            to: f.to,
            limit: AUDIT_PAGE,
            ...(f.actor.trim() ? { actor: f.actor.trim() } : {}),
            ...(f.action.trim() ? { action: f.action.trim() } : {}),
            ...(cursor ? { cursor } : {}),
          },
        },
      }),
    );

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(undefined);
    setItems(undefined);
    setOpen(new Set());
    page(filters)
      .then((r) => {
        if (cancelled) return;
        setItems(r.items);
        setNext(r.next);
      })
      .catch((e: Error) => !cancelled && setError(e.message))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [api, filters]);

  const more = async () => {
    if (!next) return;
    setLoading(true);
    setError(undefined);
    try {
      const r = await page(filters, next);
      setFocusRow(items?.length ?? 0);
      setItems((shown) => [...(shown ?? []), ...r.items]);
      setNext(r.next);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  };

  const toggle = (id: string) =>
    setOpen((was) => {
      const now = new Set(was);
      if (!now.delete(id)) now.add(id);
      return now;
    });

  // The actions seen so far, offered while typing (any other action can be typed).
  const actions = [...new Set([SIGN_IN, ...(items ?? []).map((r) => r.action)])].sort();
  const set = (k: keyof Filters) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });

  return (
    <section class="panel audit-admin" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('auditTitle')}</h2>
      <form
        class="tools"
        aria-label={t('auditFilters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...draft });
        }}
      >
        <label>
          {t('dashFrom')}
          <input type="date" value={draft.from} onInput={set('from')} />
        </label>
        <label>
          {t('dashTo')}
          <input type="date" value={draft.to} onInput={set('to')} />
        </label>
        <label>
          {t('auditActor')}
          <input type="text" value={draft.actor} onInput={set('actor')} placeholder={t('auditActorHint')} />
        </label>
        <label>
          {t('auditAction')}
          <input type="text" list="audit-actions" value={draft.action} onInput={set('action')} placeholder={SIGN_IN} />
        </label>
        <datalist id="audit-actions">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <button type="submit" class="primary">
          {t('auditShow')}
        </button>
      </form>
      <StatusLines status={loading ? t('loading') : items ? t('auditShown', { count: items.length }) : ''} error={error} />
      {items && items.length === 0 && <p class="muted">{t('auditNone')}</p>}
      {items && items.length > 0 && (
        <table class="audit-table">
          <caption class="visually-hidden">{t('auditTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('auditWhen')}</th>
              <th scope="col">{t('auditWho')}</th>
              <th scope="col">{t('auditAction')}</th>
              <th scope="col">{t('auditTarget')}</th>
              <th scope="col">{t('auditOutcome')}</th>
            </tr>
          </thead>
          <tbody ref={body}>
            {items.map((r) => (
              <AuditRow key={r.id} record={r} expanded={open.has(r.id)} onToggle={() => toggle(r.id)} />
            ))}
          </tbody>
        </table>
      )}
      {next && items && (
        <button type="button" class="audit-more" disabled={loading} onClick={() => void more()}>
          {t('auditMore')}
        </button>
      )}
    </section>
  );
}

function AuditRow({ record: r, expanded, onToggle }: { record: AuditRecord; expanded: boolean; onToggle: () => void }) {
  const detailsId = `audit-${r.id}`;
  const who = r.actor.email ?? r.actor.id;
  return (
    <Fragment>
      <tr class="audit-row">
        <td data-label={t('auditWhen')}>
          <button type="button" class="link" onClick={onToggle} aria-expanded={expanded} aria-controls={detailsId} title={r.at}>
            <span class="visually-hidden">{t('auditDetailsOf', { action: r.action })} </span>
            {formatDateTime(r.at)}
          </button>
        </td>
        <td data-label={t('auditWho')}>{who}</td>
        <td data-label={t('auditAction')} class="audit-action">
          {r.action}
        </td>
        <td data-label={t('auditTarget')} class="audit-target">
          {r.target ?? '—'}
        </td>
        <td data-label={t('auditOutcome')}>{t('auditStatus', { status: r.status })}</td>
      </tr>
      <tr id={detailsId} class="audit-details" hidden={!expanded}>
        <td colSpan={5}>
          {expanded && (
            <div class="audit-snapshots">
              <div>
                <h3>{t('auditBefore')}</h3>
                <pre>{snapshot(r.before)}</pre>
              </div>
              <div>
                <h3>{t('auditAfter')}</h3>
                <pre>{snapshot(r.after)}</pre>
              </div>
              <p class="muted">
                {r.actor.id}
                {r.via ? ` · ${r.via}` : ''} · {r.at}
              </p>
            </div>
          )}
        </td>
      </tr>
    </Fragment>
  );
}
