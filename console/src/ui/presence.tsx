import { useEffect, useState } from 'preact/hooks';
import { ApiError, must } from '../api';
import { useApp } from '../context';
import { t } from '../i18n';

type Presence = 'available' | 'away';

/** The agent's own presence in the header: available takes waiting tickets of their teams, away gives urgent ones back. */
export function PresenceControl() {
  const { api } = useApp();
  const [presence, setPresence] = useState<Presence | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    must(api.GET('/agents/me')).then(
      (me) => setPresence(me.presence),
      (e: unknown) => setProblem(e instanceof ApiError ? e.message : String(e)),
    );
  }, []);
  const change = async (next: Presence) => {
    const before = presence;
    setPresence(next);
    setProblem(undefined);
    try {
      const result = await must(api.PUT('/agents/me/presence', { body: { presence: next } }));
      setPresence(result.agent.presence);
    } catch (e) {
      setPresence(before);
      setProblem(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <label class={`presence presence-${presence ?? 'unknown'}`} title={problem ? t('presenceFailed', { message: problem }) : undefined}>
      <span class="visually-hidden">{t('presence')}</span>
      <select value={presence ?? ''} disabled={presence === undefined} onChange={(e) => void change((e.target as HTMLSelectElement).value as Presence)}>
        {presence === undefined && <option value="">{t('loading')}</option>}
        <option value="available">{t('presenceAvailable')}</option>
        <option value="away">{t('presenceAway')}</option>
      </select>
      {problem && (
        <span class="visually-hidden" role="alert">
          {t('presenceFailed', { message: problem })}
        </span>
      )}
    </label>
  );
}
