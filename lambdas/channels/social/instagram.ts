import { arr, isoFromEpoch, obj, str, type Normalised, type SocialEvent } from './events';
import { commentEvent, normaliseMessaging } from './messenger';

/**
 * Instagram webhook (object "instagram"): direct messages as entry[].messaging[] and standby[] (Messenger's shape),
 * and comments on the account's media as entry[].changes[] with field "comments".
 */
export function normaliseInstagram(payload: unknown, receivedAt: Date): Normalised {
  const out = { events: [] as SocialEvent[], ignored: [] as string[], unplaced: [] as string[] };
  const body = obj(payload);
  if (body.object !== 'instagram') return { events: [], ignored: [`object ${String(body.object)}`] };
  for (const raw of arr(body.entry)) {
    const entry = obj(raw);
    if (entry.messaging) normaliseMessaging('instagram', entry, receivedAt, out);
    if (entry.standby) normaliseMessaging('instagram', entry, receivedAt, out, 'standby');
    for (const change of arr(entry.changes)) {
      const { field, value } = obj(change);
      if (field !== 'comments') {
        out.ignored.push(`field ${String(field)}`);
        continue;
      }
      const v = obj(value);
      const event = commentEvent('instagram', {
        commentId: str(v.id),
        fromId: str(obj(v.from).id),
        fromName: str(obj(v.from).username),
        text: str(v.text),
        at: isoFromEpoch(entry.time, receivedAt),
        accountId: str(entry.id),
        ...(str(v.parent_id) ? { parentId: v.parent_id } : {}),
      });
      if (typeof event === 'string') out.ignored.push(event);
      else out.events.push(event);
    }
  }
  return out;
}
