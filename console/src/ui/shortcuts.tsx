import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

const KEYS: [string, string][] = [
  ['j / k', 'move'],
  ['Enter', 'open'],
  ['r', 'reply'],
  ['n', 'note'],
  ['e', 'resolve'],
  ['a', 'assignToMe'],
  ['x', 'pick'],
  ['/', 'search'],
  ['?', 'shortcuts'],
];

/** The `?` dialog: every shortcut of the console. */
export function Shortcuts({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  const labels: Record<string, string> = {
    move: `${t('navInbox')} ↑↓`,
    open: t('ticket'),
    reply: t('reply'),
    note: t('note'),
    resolve: t('resolve'),
    assignToMe: t('assignToMe'),
    pick: t('pickShortcut'),
    search: t('search'),
    shortcuts: t('shortcuts'),
  };
  return (
    <dialog ref={ref} class="shortcuts" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">{t('shortcuts')}</h2>
      <dl>
        {KEYS.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{labels[what]}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit">OK</button>
      </form>
    </dialog>
  );
}
