import { ValidationError } from '#core/errors';
import type { AttachmentRef } from '#core/messages';
import type { AgentApiDeps } from './router';
import { checkedUpload, isUploadOf } from './uploads';

const PAGE = 100;

/**
 * The files of a ticket's timeline (one the customer sent, or one we sent before) among `keys`. Walks
 * the timeline (one Query a page), stopping once every key is found.
 */
export async function timelineFiles(deps: Pick<AgentApiDeps, 'store'>, ticketId: string, keys: readonly string[]): Promise<Map<string, AttachmentRef>> {
  const found = new Map<string, AttachmentRef>();
  if (!keys.length) return found;
  let cursor: string | undefined;
  do {
    const page = await deps.store.getTimeline(ticketId, PAGE, cursor);
    for (const i of page.items) for (const a of i.attachments ?? []) if (keys.includes(a.key)) found.set(a.key, a);
    cursor = page.next ?? undefined;
  } while (cursor && found.size < keys.length);
  return found;
}

/**
 * The files a reply names, by key: each must be a file of this ticket and still stored: on its
 * timeline, or uploaded for it by an agent and passing the content check (uploads.ts).
 */
export async function ticketFiles(
  deps: Pick<AgentApiDeps, 'store' | 'files' | 'uploads'>,
  ticketId: string,
  keys: readonly string[],
): Promise<AttachmentRef[]> {
  if (!keys.length) return [];
  const uploaded = keys.filter((k) => isUploadOf(ticketId, k));
  const found = await timelineFiles(deps, ticketId, keys);
  // An upload sent once is on the timeline from then on; one not sent yet is checked by content now.
  for (const k of uploaded.filter((u) => !found.has(u))) {
    const { detectedType: _d, ...ref } = await checkedUpload(deps.uploads, ticketId, k);
    // Before the reply is recorded: a crash after it may keep an unsent file, never expire a sent one.
    await deps.uploads.keep(k);
    found.set(k, ref);
  }
  const foreign = Object.fromEntries(keys.flatMap((k, n) => (found.has(k) ? [] : [[`attachments.${n}`, `not a file of ticket ${ticketId}`]])));
  if (Object.keys(foreign).length) throw new ValidationError('a reply can carry only files of its ticket', foreign);
  const refs = keys.map((k) => found.get(k)!);
  const gone = new Set(await deps.files.missing(refs));
  if (gone.size) {
    throw new ValidationError(
      'a file is no longer stored',
      Object.fromEntries(keys.flatMap((k, n) => (gone.has(k) ? [[`attachments.${n}`, 'no longer stored (erased or expired)']] : []))),
    );
  }
  return refs;
}
