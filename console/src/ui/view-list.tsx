import { t } from '../i18n';
import { CHANNELS, FIXED_VIEWS, type ViewId } from '../views';
import { channelLabel } from './badges';

/** The inbox's views with their live counts: fixed views, then open tickets by channel and by intent. */
export function ViewList({ current, onSelect, counts = {} }: { current: ViewId; onSelect: (v: ViewId) => void; counts?: Partial<Record<ViewId, number>> }) {
  const channels = CHANNELS.filter((c) => (counts[`channel:${c}`] ?? 0) > 0 || current === `channel:${c}`);
  const intents = Object.entries(counts)
    .filter(([id, n]) => id.startsWith('intent:') && ((n ?? 0) > 0 || id === current))
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .slice(0, 12)
    .map(([id]) => id as ViewId);
  const item = (id: ViewId, label: string) => (
    <li key={id}>
      <button type="button" aria-pressed={current === id} onClick={() => onSelect(id)}>
        <span>{label}</span>
        {counts[id] !== undefined && <span class="count">{counts[id]}</span>}
      </button>
    </li>
  );
  return (
    <nav class="views" aria-label={t('views')}>
      <ul>{FIXED_VIEWS.map((v) => item(v.id, t(v.label)))}</ul>
      {channels.length > 0 && (
        <>
          <h2 class="views-heading">{t('byChannel')}</h2>
          <ul>{channels.map((c) => item(`channel:${c}`, channelLabel(c)))}</ul>
        </>
      )}
      {intents.length > 0 && (
        <>
          <h2 class="views-heading">{t('byIntent')}</h2>
          <ul>{intents.map((id) => item(id, id.slice('intent:'.length)))}</ul>
        </>
      )}
    </nav>
  );
}
