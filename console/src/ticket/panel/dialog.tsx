import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** Where focus goes when a dialog closes and the control that opened it is gone (e.g. after an erasure). */
export const CUSTOMER_HEADING_ID = 'panel-customer';

/**
 * A modal `<dialog>` named by its heading. Escape or a `method="dialog"` form closes it; focus goes
 * back to the control that opened it.
 */
export function PanelDialog({ id, title, onClose, children }: { id: string; title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    dialog?.showModal();
    return () => {
      // Closed before it leaves the page, so the browser's own focus restoring cannot undo ours.
      if (dialog?.open) dialog.close();
      const back = opener?.isConnected ? opener : document.getElementById(CUSTOMER_HEADING_ID);
      back?.focus();
    };
  }, []);
  return (
    <dialog ref={ref} id={id} class="panel-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}
