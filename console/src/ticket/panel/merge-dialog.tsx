import { useEffect, useRef, useState } from 'preact/hooks';
import type { components } from '#agent/api-types';
import { must } from '../../api';
import { useApp } from '../../context';
import { t } from '../../i18n';
import { PanelDialog } from './dialog';

export type MergeResult = components['schemas']['MergeResult'];

/** The API's customer id format (lambdas/agent/schemas.ts). */
export const CUSTOMER_ID = /^c_[\w-]{1,64}$/;

/**
 * An admin moves this customer into another one: first the other's id, then a confirmation that
 * names both, then what moved.
 */
export function MergeDialog({ from, onDone, onClose }: { from: string; onDone: (r: MergeResult) => void; onClose: () => void }) {
  const { api } = useApp();
  const [into, setInto] = useState('');
  const [step, setStep] = useState<'pick' | 'confirm'>('pick');
  const [intoName, setIntoName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The button that led here is gone: the confirmation's own button takes the focus.
  useEffect(() => {
    if (step === 'confirm') confirmButton.current?.focus();
  }, [step]);
  const target = into.trim();
  const valid = CUSTOMER_ID.test(target) && target !== from;

  const pick = async (e: Event) => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    try {
      const other = await must(api.GET('/customers/{id}', { params: { path: { id: target }, query: { limit: 1 } } }));
      setIntoName(other.name);
      setError(undefined);
      setStep('confirm');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const merge = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      onDone(await must(api.POST('/customers/{id}/merge', { params: { path: { id: target } }, body: { from } })));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <PanelDialog id="merge-dialog" title={t('panelMergeTitle')} onClose={onClose}>
      {step === 'pick' ? (
        <form onSubmit={pick}>
          <label class="stacked">
            {t('panelMergeTarget')}
            <input type="text" value={into} required placeholder="c_…" onInput={(ev) => setInto((ev.target as HTMLInputElement).value)} />
          </label>
          <DialogError error={error} />
          <div class="dialog-actions">
            <button type="button" onClick={onClose}>
              {t('panelCancel')}
            </button>
            <button type="submit" class="primary" disabled={!valid || busy}>
              {t('panelMergeSubmit')}…
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={merge}>
          <p>{t('panelMergeConfirm', { from, into: intoName ? `${target} (${intoName})` : target })}</p>
          <DialogError error={error} />
          <div class="dialog-actions">
            <button type="button" onClick={onClose}>
              {t('panelCancel')}
            </button>
            <button ref={confirmButton} type="submit" class="danger" disabled={busy}>
              {t('panelMergeSubmit')}
            </button>
          </div>
        </form>
      )}
    </PanelDialog>
  );
}

export function DialogError({ error }: { error: string | undefined }) {
  return error ? (
    <p class="error" role="alert">
      {t('error', { message: error })}
    </p>
  ) : null;
}
