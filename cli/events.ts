import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eventTypes } from '#core/events';
import type { BusEvent } from '#local/eventbridge';
import { UsageError, type Command } from './command';

const LONG_POLL_MS = 20_000;

export const eventsCommand: Command = {
  name: 'events',
  summary: "show the events published to the shop's bus (local stack)",
  usage: `Usage: destek events tail [options]

Prints the events the local stack's eventPublisher puts on the shop's event bus (the EventBridge
stand-in), one line each, as they come; Ctrl-C stops. Start the stack first (npm start).

Options:
  --type TYPE        only this detail-type, e.g. "Ticket Created" (repeatable)
  --from-start       print every event the stand-in kept since the stack started, then follow
  --json             print each event as JSON, as EventBridge delivers it to a target
  --count N          stop after N events (exit 0)
  --info-file FILE   what runs where (default: .destek/local.json, written by destek start)
  -h, --help         show this help

Event types: ${eventTypes.join(', ')}`,
  options: {
    type: { type: 'string', multiple: true },
    'from-start': { type: 'boolean' },
    json: { type: 'boolean' },
    count: { type: 'string' },
    'info-file': { type: 'string' },
  },
  async run(values, positionals) {
    const [sub, ...rest] = positionals;
    if (sub !== 'tail' || rest.length) throw new UsageError('say what to do: destek events tail (see destek events --help)');
    const types = (values.type as string[] | undefined) ?? [];
    const unknown = types.find((t) => !(eventTypes as readonly string[]).includes(t));
    if (unknown) throw new UsageError(`--type ${unknown} is not an event type; one of: ${eventTypes.join(', ')}`);
    const count = values.count === undefined ? Number.POSITIVE_INFINITY : Number(values.count);
    if (!(count > 0) || (!Number.isInteger(count) && count !== Number.POSITIVE_INFINITY)) throw new UsageError('--count must be a positive whole number');
    const infoFile = resolve(typeof values['info-file'] === 'string' ? values['info-file'] : join(process.cwd(), '.destek', 'local.json'));
    if (!existsSync(infoFile)) throw new UsageError(`${infoFile} not found: start the local stack first (npm start)`);
    const base = (JSON.parse(readFileSync(infoFile, 'utf8')) as { events?: string }).events;
    if (!base) throw new UsageError(`${infoFile} names no event bus: restart the local stack (npm start)`);

    let after = values['from-start'] ? 0 : (await poll(base, -1, 0)).next;
    let printed = 0;
    for (;;) {
      const page = await poll(base, after, LONG_POLL_MS);
      after = page.next;
      for (const e of page.events) {
        if (types.length && !types.includes(e['detail-type'])) continue;
        console.log(values.json ? JSON.stringify(e) : line(e));
        if (++printed >= count) return 0;
      }
    }
  },
};

/** `after` -1: only where the stand-in is now (nothing printed). */
async function poll(base: string, after: number, waitMs: number): Promise<{ events: BusEvent[]; next: number }> {
  let res: Response;
  try {
    res = await fetch(`${base}/_local/events?after=${Math.max(after, 0)}&wait=${waitMs}`, { signal: AbortSignal.timeout(waitMs + 10_000) });
  } catch (e) {
    throw new UsageError(`the local event bus at ${base} does not answer (${(e as Error).message}): is the local stack running? (npm start)`);
  }
  if (!res.ok) throw new UsageError(`the local event bus at ${base} answered ${res.status}`);
  const page = (await res.json()) as { events: BusEvent[]; next: number };
  return after < 0 ? { events: [], next: page.next } : page;
}

/** One line: time, type, then the ids the event names. */
function line(e: BusEvent): string {
  const d = e.detail as Record<string, unknown>;
  const ids = ['ticketId', 'customerId', 'interactionId', 'into']
    .filter((k) => typeof d[k] === 'string')
    .map((k) => (k === 'ticketId' ? `#${d[k]}` : `${k}=${d[k]}`));
  const extra = d.changes ? ` ${JSON.stringify(d.changes)}` : typeof d.score === 'number' ? ` score=${d.score}` : '';
  return `${e.time}  ${e['detail-type'].padEnd(16)} ${ids.join(' ')}${extra}  (${String(d.eventId)})`;
}
