import { report } from './report';

/** The marker the chat widget adds to an article it opens (?from=widget): that view counts as "from widget". */
export const FROM_WIDGET = 'from';

/**
 * An article page's counts: its view (from the widget's suggestion or not) and "Did this help?",
 * posted in the background with thanks shown in place (the form itself works without this script).
 */
export function setUpFeedback(base: string): void {
  const form = document.getElementById('feedback') as HTMLFormElement | null;
  const thanks = document.getElementById('feedback-thanks');
  if (!form || !thanks) return;
  const article = (form.elements.namedItem('article') as HTMLInputElement | null)?.value ?? '';
  const locale = (form.elements.namedItem('locale') as HTMLInputElement | null)?.value ?? '';
  const url = new URL(location.href);
  const fromWidget = url.searchParams.get(FROM_WIDGET) === 'widget';
  // Back from the form sent without this script: that visit was the view already counted.
  if (location.hash !== '#feedback-thanks') report(base, { event: 'view', locale, article, ...(fromWidget ? { via: 'widget' } : {}) });
  if (fromWidget) {
    // A reload or a shared link is not another opening from the widget.
    url.searchParams.delete(FROM_WIDGET);
    history.replaceState(history.state, '', url.href);
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const button = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    if (!button?.value) return;
    report(base, { event: button.value, locale, article });
    form.hidden = true;
    // Written again after it is shown, so screen readers announce it (role="status").
    const text = thanks.textContent ?? '';
    thanks.textContent = '';
    thanks.classList.add('shown');
    setTimeout(() => (thanks.textContent = text), 50);
  });
}
