import { t } from '../i18n';
import { FIXED_VIEWS, type ViewId } from '../views';

/** The inbox's views, with their counts when the API gives them. */
export function ViewList({ current, onSelect, counts = {} }: { current: ViewId; onSelect: (v: ViewId) => void; counts?: Partial<Record<ViewId, number>> }) {
  return (
    <nav class="views" aria-label={t('views')}>
      <ul>
        {FIXED_VIEWS.map((v) => (
          <li key={v.id}>
            <button type="button" aria-pressed={current === v.id} onClick={() => onSelect(v.id)}>
              <span>{t(v.label)}</span>
              {counts[v.id] !== undefined && <span class="count">{counts[v.id]}</span>}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
