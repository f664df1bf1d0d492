import { must, type Api } from '../api';
import type { components } from '#agent/api-types';
import { MAX_UPLOAD_BYTES, uploadTypes, type UploadType } from '#definitions/uploads';

export type UploadedFile = components['schemas']['UploadedFile'];

/** What the API takes; anything else is refused before a byte moves. */
export const UPLOAD_ACCEPT = uploadTypes.join(',');
const isUploadType = (type: string): type is UploadType => (uploadTypes as readonly string[]).includes(type);

/**
 * One file for a reply: a signed form from the API, the bytes straight to storage with it, then the
 * API's check of the content (a file that is not what it says is refused and deleted).
 */
export async function uploadFile(api: Api, ticketId: string, file: File): Promise<UploadedFile> {
  if (file.size > MAX_UPLOAD_BYTES) throw new Error(`${file.name}: > ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  const contentType = file.type;
  if (!isUploadType(contentType)) throw new Error(`${file.name}: ${contentType || '?'} ∉ ${uploadTypes.join(', ')}`);
  const form = await must(
    api.POST('/tickets/{id}/uploads', {
      params: { path: { id: ticketId } },
      body: { filename: file.name, contentType, size: file.size },
    }),
  );
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', file);
  const stored = await fetch(form.url, { method: 'POST', body });
  if (!stored.ok) throw new Error(`${file.name}: storage answered ${stored.status}`);
  return must(api.POST('/tickets/{id}/uploads/check', { params: { path: { id: ticketId } }, body: { key: form.key } }));
}
