import { cutUtf8, dropControls, jsonBytes, utf8Bytes } from './bounds';
import type { AttachmentRef, InboundMessage } from './messages';

/**
 * What one inbound message may weigh as JSON: it travels on SQS (256 KiB) and becomes one interaction
 * item next to the ticket's in one transaction (DynamoDB: 400 KB an item). 200 KiB leaves room for the
 * pipeline's additions (classification, keys) and for the queue's attributes.
 */
export const MESSAGE_BUDGET_BYTES = 200 * 1024;
/** What agents read inline of a message too large to carry: the rest is in the stored file. */
export const PREVIEW_BYTES = 32 * 1024;

/** Keeps a whole body in object storage (the attachments bucket) and answers its reference. */
export type StoreBody = (file: { readonly name: string; readonly content: string; readonly contentType: string }) => Promise<AttachmentRef>;

export interface Fitted {
  readonly msg: InboundMessage;
  /** What was moved out of the message, for the interaction's problems and the log. */
  readonly problems: readonly string[];
}

/**
 * A message whose bodies would break a queue message or an item keeps them whole in storage, as
 * `message.txt` / `message.html` among its attachments (so the timeline lists them, erasure removes
 * them and an agent may forward them), and carries a preview of the text that says where the rest is.
 * A message within the budget is returned unchanged.
 */
export async function fitMessage(msg: InboundMessage, store: StoreBody, budget = MESSAGE_BUDGET_BYTES): Promise<Fitted> {
  if (jsonBytes(msg) <= budget) return { msg, problems: [] };
  const files: AttachmentRef[] = [];
  if (msg.text) files.push(await store({ name: 'message.txt', content: msg.text, contentType: 'text/plain; charset=utf-8' }));
  if (msg.html) files.push(await store({ name: 'message.html', content: msg.html, contentType: 'text/html; charset=utf-8' }));
  const where = files.map((f) => f.filename).join(' and ');
  const size = utf8Bytes(msg.text) + utf8Bytes(msg.html ?? '');
  const note = `[The message is ${size} bytes, too large to show whole: the first part is above; the whole of it is attached as ${where}.]`;
  const preview = (s: string, bytes: number) => `${cutUtf8(dropControls(s), bytes)}\n\n${note}`;
  const { html: _html, newText, ...rest } = msg;
  let fitted: InboundMessage = {
    ...rest,
    text: preview(msg.text, PREVIEW_BYTES),
    ...(newText !== undefined && newText !== msg.text ? { newText: preview(newText, PREVIEW_BYTES) } : {}),
    attachments: [...files, ...msg.attachments].slice(0, 50),
  };
  // Whatever else is large (it should not be: every other field is bounded) shrinks the preview.
  for (let bytes = PREVIEW_BYTES / 4; jsonBytes(fitted) > budget && bytes >= 256; bytes /= 4) {
    const { newText: _n, ...smaller } = fitted;
    fitted = { ...smaller, text: preview(msg.text, bytes) };
  }
  return {
    msg: fitted,
    problems: [
      `the message body (${size} bytes) is kept whole in ${files.map((f) => f.key).join(' and ')}; the interaction shows its first ${PREVIEW_BYTES} bytes`,
    ],
  };
}
