import type { EventBus } from '#core/change-events';
import { EVENT_SOURCE, type DestekEvent } from '#core/events';
import { type EventBridgeClient, PUT_EVENTS_MAX_ENTRIES, type PutEventsRequestEntry } from './aws/eventbridge';

/** Below PutEvents' 256 KB a call, with room for the request's own JSON. */
const MAX_CALL_BYTES = 240_000;

/** The events as PutEvents entries on the bus, in calls of at most ten entries and 240 KB. */
export function eventBridgeBus(client: Pick<EventBridgeClient, 'putEvents'>, busName: string, onError: (error: unknown) => void = () => {}): EventBus {
  return {
    async publish(events) {
      let done = 0;
      for (const chunk of chunks(events.map((e) => entryOf(e, busName)))) {
        let out: Awaited<ReturnType<EventBridgeClient['putEvents']>>;
        try {
          out = await client.putEvents(chunk);
        } catch (error) {
          // The client retried what can be retried: the feed redelivers from here.
          onError(error);
          return done;
        }
        const failed = (out.Entries ?? []).findIndex((e) => e.ErrorCode);
        if (failed >= 0 || (out.FailedEntryCount ?? 0) > 0) {
          const entry = out.Entries?.[failed];
          onError(new Error(`PutEvents refused an entry: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim()));
          return done + Math.max(0, failed);
        }
        done += chunk.length;
      }
      return done;
    },
  };
}

function entryOf(e: DestekEvent, busName: string): PutEventsRequestEntry {
  return {
    Source: EVENT_SOURCE,
    DetailType: e.type,
    Detail: JSON.stringify(e.detail),
    EventBusName: busName,
    Time: Math.floor(Date.parse(e.detail.occurredAt) / 1000),
    Resources: [],
  };
}

const entryBytes = (e: PutEventsRequestEntry) => Buffer.byteLength(e.Detail) + Buffer.byteLength(e.DetailType) + Buffer.byteLength(e.Source) + 64;

function* chunks(entries: PutEventsRequestEntry[]): Generator<PutEventsRequestEntry[]> {
  let chunk: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const e of entries) {
    const size = entryBytes(e);
    if (chunk.length && (chunk.length === PUT_EVENTS_MAX_ENTRIES || bytes + size > MAX_CALL_BYTES)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(e);
    bytes += size;
  }
  if (chunk.length) yield chunk;
}
