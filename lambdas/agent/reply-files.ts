import { ValidationError } from '#core/errors';
import type { AttachmentRef } from '#core/messages';
import type { AgentApiDeps } from './router';

const PAGE = 100;

/**
 * The files a reply names, by key: each must be a file of this ticket (on its timeline: one the
 * customer sent, or one we sent before) and still stored. Walks the ticket's timeline (one Query a
 * page), stopping once every key is found.
 */
export async function ticketFiles(deps: Pick<AgentApiDeps, 'store' | 'files'>, ticketId: string, keys: readonly string[]): Promise<AttachmentRef[]> {
  if (!keys.length) return [];
  const found = new Map<string, AttachmentRef>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.getTimeline(ticketId, PAGE, cursor);
    for (const i of page.items) for (const a of i.attachments ?? []) if (keys.includes(a.key)) found.set(a.key, a);
    cursor = page.next ?? undefined;
  } while (cursor && found.size < keys.length);
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
