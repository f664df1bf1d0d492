import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { matchesFilters } from './event-filter';
import { AwsJsonError, JsonProtocolServer } from './json-protocol';
import type { SigV4Settings } from './sigv4';

/** An event as EventBridge delivers it to a rule's target. */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: Record<string, unknown>;
}

/** A rule: an event pattern and what a matching event is handed to. */
interface LocalRule {
  readonly pattern: Record<string, unknown>;
  readonly target: (event: BusEvent) => Promise<void>;
}

/** The most events kept for `destek events tail` and the tests; older ones are dropped. */
const KEPT_EVENTS = 10_000;
const MAX_WAIT_MS = 25_000;

/**
 * Amazon EventBridge, locally: PutEvents over the JSON protocol (AWSEvents, signed requests only) onto
 * the stack's one bus, which keeps what arrives. Functions reach it through AWS_ENDPOINT_URL_EVENTBRIDGE.
 * `GET /_local/events?after=<seq>&wait=<ms>` lists what came after a sequence number (waiting for more
 * when there is none yet): `destek events tail` and the tests read it. Rules match as EventBridge's
 * patterns do (local/event-filter.ts) and hand matching events to their targets.
 */
export class LocalEventBridge {
  private readonly server: JsonProtocolServer;
  private readonly events: { seq: number; event: BusEvent }[] = [];
  private seq = 0;
  private readonly waiters = new Set<() => void>();
  private readonly rules: LocalRule[] = [];
  private readonly listeners: ((event: BusEvent) => void)[] = [];

  constructor(
    private readonly signing: SigV4Settings,
    private readonly account: string,
    private readonly busName: string,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.server = new JsonProtocolServer({
      signing,
      actions: { 'AWSEvents.PutEvents': (input) => this.putEvents(input.Entries) },
      localGets: { '/_local/events': (url, res) => this.list(url, res) },
    });
  }

  get url(): string {
    return this.server.url;
  }

  addRule(pattern: Record<string, unknown>, target: (event: BusEvent) => Promise<void>): void {
    this.rules.push({ pattern, target });
  }

  /** Called with every event put on the bus (npm start prints them). */
  onEvent(listener: (event: BusEvent) => void): void {
    this.listeners.push(listener);
  }

  /** What was put on the bus after `after` (a sequence number; 0: from the oldest kept). */
  eventsAfter(after: number): { events: BusEvent[]; next: number } {
    const events = this.events.filter((e) => e.seq > after);
    return { events: events.map((e) => e.event), next: events.at(-1)?.seq ?? Math.max(after, this.seq) };
  }

  listen(port: number): Promise<string> {
    return this.server.listen(port);
  }

  async close(): Promise<void> {
    for (const wake of this.waiters) wake();
    await this.server.close();
  }

  private putEvents(entries: unknown) {
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10)
      throw new AwsJsonError('ValidationException', 'Entries: between 1 and 10 entries');
    const results = entries.map((e) => this.put(e as Record<string, unknown>));
    return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
  }

  private put(entry: Record<string, unknown>): { EventId?: string; ErrorCode?: string; ErrorMessage?: string } {
    const { Source, DetailType, Detail, EventBusName, Time } = entry;
    if (EventBusName !== this.busName) return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${String(EventBusName)} does not exist.` };
    if (typeof Source !== 'string' || typeof DetailType !== 'string' || typeof Detail !== 'string')
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter(s) Source, DetailType or Detail is not valid.' };
    let detail: unknown;
    try {
      detail = JSON.parse(Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': DetailType,
      source: Source,
      account: this.account,
      time: new Date(typeof Time === 'number' ? Time * 1000 : Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.signing.region,
      resources: Array.isArray(entry.Resources) ? (entry.Resources as string[]) : [],
      detail: detail as Record<string, unknown>,
    };
    this.events.push({ seq: ++this.seq, event });
    if (this.events.length > KEPT_EVENTS) this.events.splice(0, this.events.length - KEPT_EVENTS);
    for (const wake of this.waiters) wake();
    for (const listener of this.listeners) listener(event);
    for (const rule of this.rules) {
      if (matchesFilters(event, [rule.pattern])) rule.target(event).catch((e) => this.log(`event bus: a rule's target failed: ${(e as Error).message}`));
    }
    return { EventId: event.id };
  }

  /** Long poll: answers at once when there is something after `after`, else when something comes or `wait` passes. */
  private async list(url: URL, res: ServerResponse): Promise<void> {
    const after = Number(url.searchParams.get('after') ?? '0') || 0;
    const wait = Math.min(MAX_WAIT_MS, Number(url.searchParams.get('wait') ?? '0') || 0);
    if (wait > 0 && this.seq <= after) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, wait);
        this.waiters.add(done);
      });
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(this.eventsAfter(after)));
  }
}
