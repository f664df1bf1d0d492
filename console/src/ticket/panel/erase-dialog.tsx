import { useState } from 'preact/hooks';
import type { components } from '#agent/api-types';
import { must } from '../../api';
import { useApp } from '../../context';
import { t } from '../../i18n';
import { PanelDialog } from './dialog';
import { DialogError } from './merge-dialog';

export type EraseResult = components['schemas']['EraseResult'];

/** KVKK/GDPR erasure: only once the admin has typed the customer's id does the button work. */
export function EraseDialog({ id, onDone, onClose }: { id: string; onDone: (r: EraseResult) => void; onClose: () => void }) {
  const { api } = useApp();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const confirmed = typed.trim() === id;
  const erase = async (e: Event) => {
    e.preventDefault();
    if (!confirmed) return;
    setBusy(true);
    try {
      onDone(await must(api.POST('/customers/{id}/erase', { params: { path: { id } } })));
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <PanelDialog id="erase-dialog" title={t('panelEraseTitle', { id })} onClose={onClose}>
      <form onSubmit={erase}>
        <p id="erase-warning">{t('panelEraseText')}</p>
        <label class="stacked">
          {t('panelEraseConfirm', { id })}
          <input
            type="text"
            value={typed}
            autoComplete="off"
            spellcheck={false}
            aria-describedby="erase-warning"
            onInput={(ev) => setTyped((ev.target as HTMLInputElement).value)}
          />
        </label>
        <DialogError error={error} />
        <div class="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('panelCancel')}
          </button>
          <button type="submit" class="danger" disabled={!confirmed || busy}>
            {t('panelEraseSubmit')}
          </button>
        </div>
      </form>
    </PanelDialog>
  );
}
