import { useEffect, useState } from 'preact/hooks';
import { must } from '../api';
import type { components } from '#agent/api-types';
import { useApp } from '../context';
import { t } from '../i18n';

type Macro = components['schemas']['Macro'];
type MacroRun = components['schemas']['MacroRun'];

/**
 * Runs a macro on the tickets given (the open ticket, or the inbox's selection): one request, an id
 * of its own so a retried click changes nothing twice; what happened is said in a status line.
 */
export function MacroMenu({ tickets, onDone }: { tickets: readonly string[]; onDone: (run: MacroRun) => void | Promise<void> }) {
  const { api } = useApp();
  const [macros, setMacros] = useState<Macro[]>([]);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string>();

  useEffect(() => {
    must(api.GET('/macros'))
      .then((list) => setMacros(list.items))
      .catch((e: Error) => setSaid(t('error', { message: e.message })));
  }, []);

  if (!macros.length) return null;
  const run = async () => {
    if (!chosen || !tickets.length) return;
    setBusy(true);
    try {
      const result = await must(
        api.POST('/macros/{id}/run', { params: { path: { id: chosen } }, body: { tickets: [...tickets], requestId: crypto.randomUUID() } }),
      );
      const failed = result.results.filter((r) => r.outcome === 'failed');
      setSaid(
        failed.length
          ? t('macroFailed', { count: failed.length, message: failed[0]!.error ?? '' })
          : t('macroApplied', { count: result.results.filter((r) => r.outcome === 'applied').length }),
      );
      await onDone(result);
    } catch (e) {
      setSaid(t('error', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="macro-menu">
      <label>
        <span class="visually-hidden">{t('macro')}</span>
        <select value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)} aria-label={t('macro')}>
          <option value="">{t('macroChoose')}</option>
          {macros.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!chosen || busy || !tickets.length} onClick={() => void run()}>
        {tickets.length > 1 ? t('macroRunMany', { count: tickets.length }) : t('macroRun')}
      </button>
      {said && (
        <span role="status" class="muted">
          {said}
        </span>
      )}
    </div>
  );
}
