import { isLocale, type Locale } from './i18n';

/** What the page's API drives: the mounted widget. */
export interface WidgetControls {
  open(): void;
  close(): void;
  setLocale(locale: Locale): void;
  setCustomer(customerRef: string): void;
  reset(): void;
}

export interface PageApi {
  emit<E extends DestekEventName>(event: E, detail: DestekEvents[E]): void;
  /** Runs the calls the loader snippet queued, in order (once the widget can answer them). */
  replayQueue(): void;
}

/**
 * window.Destek (typed in widget/destek.d.ts): methods, events, and the calls the loader snippet
 * queued before widget.js ran, replayed in order, so listeners added early hear `ready`. `ready`
 * is also told to a listener added after it. A listener that throws breaks neither the widget nor
 * the other listeners (its error is rethrown on its own, so the console shows it).
 */
export function installApi(controls: WidgetControls): PageApi {
  const listeners = new Map<DestekEventName, Set<(detail: any) => void>>();
  let ready: DestekEvents['ready'] | undefined;
  const call = (listener: (detail: any) => void, detail: unknown) => {
    try {
      listener(detail);
    } catch (e) {
      setTimeout(() => {
        throw e;
      });
    }
  };
  const api: DestekApi = {
    open: () => controls.open(),
    close: () => controls.close(),
    // Plain JavaScript callers get no compiler: anything but a known locale or a reference is ignored.
    setLocale: (locale) => {
      if (isLocale(locale)) controls.setLocale(locale);
    },
    setCustomer: (customerRef) => {
      if (typeof customerRef === 'string' && customerRef) controls.setCustomer(customerRef);
    },
    reset: () => controls.reset(),
    on(event, listener) {
      if (typeof listener !== 'function') return () => undefined;
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      if (event === 'ready' && ready) call(listener, ready);
      return () => api.off(event, listener);
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener);
    },
  };
  const queued = (window as Partial<Window>).Destek?.q ?? [];
  window.Destek = api;
  return {
    replayQueue() {
      for (const [method, args] of queued.splice(0)) {
        const fn = (api as unknown as Record<string, unknown>)[method];
        if (typeof fn === 'function') fn(...args);
      }
    },
    emit(event, detail) {
      if (event === 'ready') ready = detail as DestekEvents['ready'];
      for (const listener of [...(listeners.get(event) ?? [])]) call(listener, detail);
    },
  };
}
