import { EVENTS_PATH } from '#helpcenter/render';

/**
 * Posts one event to the site's events path (forwarded to the API): form-encoded, so no preflight,
 * and as a beacon, so it is sent even when the visitor leaves the page at once. Counting is best effort:
 * a failure is never the visitor's problem.
 */
export function report(base: string, fields: Record<string, string>): void {
  const url = `${base}${EVENTS_PATH}`;
  const body = new URLSearchParams(fields);
  try {
    if (navigator.sendBeacon?.(url, body)) return;
  } catch {
    // A browser that refuses the beacon: the request below.
  }
  void fetch(url, { method: 'POST', body, keepalive: true }).catch(() => undefined);
}
