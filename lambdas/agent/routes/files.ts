import { randomUUID } from 'node:crypto';
import { NotFoundError } from '#core/errors';
import type { AttachmentRef } from '#core/messages';
import { json } from '#http/http';
import { timelineFiles } from '#agent/reply-files';
import { fileLinkSchema, uploadedFileSchema, uploadTicketSchema } from '#agent/responses';
import { route, type AgentApiDeps } from '#agent/router';
import { fileQuery, ticketIdParam, uploadBody, uploadCheckBody } from '#agent/schemas';
import { checkedUpload, DOWNLOAD_LINK_SECONDS, isUploadOf, safeFilename, UPLOAD_FORM_SECONDS, uploadKey } from '#agent/uploads';

async function existingTicket(deps: AgentApiDeps, id: string) {
  const ticket = await deps.store.getTicket(id);
  if (!ticket) throw new NotFoundError(`ticket ${id} does not exist`);
  return ticket;
}

/** A file of the ticket: on its timeline, or an upload for it that passes the content check. */
async function fileOfTicket(deps: AgentApiDeps, ticketId: string, key: string): Promise<AttachmentRef> {
  const onTimeline = (await timelineFiles(deps, ticketId, [key])).get(key);
  if (onTimeline) return onTimeline;
  if (isUploadOf(ticketId, key)) {
    const { detectedType: _d, ...ref } = await checkedUpload(deps.uploads, ticketId, key);
    return ref;
  }
  throw new NotFoundError(`ticket ${ticketId} has no file ${key}`);
}

/** Files of a ticket for the console: short-lived download links, and signed uploads checked by content. */
export const fileRoutes = [
  route({
    method: 'GET',
    path: '/tickets/{id}/files',
    summary: 'A short-lived signed link to download a file of the ticket (attachments[].key of its timeline, or an upload for it)',
    access: 'agent',
    params: ticketIdParam,
    query: fileQuery,
    responds: { status: 200, description: 'the link and when it stops working', schema: fileLinkSchema },
    handle: async ({ params, query, now }, deps) => {
      await existingTicket(deps, params.id);
      const ref = await fileOfTicket(deps, params.id, query.key);
      if ((await deps.files.missing([ref])).length) throw new NotFoundError(`file ${query.key} is no longer stored (erased or expired)`);
      const url = await deps.uploads.downloadLink(ref, DOWNLOAD_LINK_SECONDS);
      const expiresAt = new Date(now.getTime() + DOWNLOAD_LINK_SECONDS * 1000).toISOString();
      return json(200, fileLinkSchema.parse({ url, expiresAt, filename: ref.filename, contentType: ref.contentType, size: ref.size }), {
        'cache-control': 'no-store',
      });
    },
  }),
  route({
    method: 'POST',
    path: '/tickets/{id}/uploads',
    summary: 'A signed form to upload one file for a reply on the ticket: of the declared type and at most maxBytes; check it next',
    access: 'agent',
    params: ticketIdParam,
    body: uploadBody,
    responds: { status: 201, description: 'the form to POST the file with', schema: uploadTicketSchema },
    handle: async ({ params, body, now }, deps) => {
      await existingTicket(deps, params.id);
      const key = uploadKey(params.id, randomUUID(), safeFilename(body.filename));
      const form = await deps.uploads.uploadForm(key, body.contentType, body.size, UPLOAD_FORM_SECONDS);
      const expiresAt = new Date(now.getTime() + UPLOAD_FORM_SECONDS * 1000).toISOString();
      return json(201, uploadTicketSchema.parse({ key, ...form, maxBytes: body.size, expiresAt }), { 'cache-control': 'no-store' });
    },
  }),
  route({
    method: 'POST',
    path: '/tickets/{id}/uploads/check',
    summary: 'Check an uploaded file by its content: a file whose bytes are not its declared type is refused (400) and deleted',
    access: 'agent',
    params: ticketIdParam,
    body: uploadCheckBody,
    responds: { status: 200, description: 'the file, ready to name in a reply (attachments: [key])', schema: uploadedFileSchema },
    handle: async ({ params, body }, deps) => {
      await existingTicket(deps, params.id);
      return json(200, await checkedUpload(deps.uploads, params.id, body.key));
    },
  }),
];
