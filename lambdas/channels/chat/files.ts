import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '#core/errors';
import { chatFileTypes, type ChatFileType } from '#definitions/uploads';
import { sniffChatFile } from './sniff';

/** The extensions a file of each accepted type may carry; the first is added when the name has none of them. */
const extensions: Record<ChatFileType, readonly string[]> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/heic': ['.heic'],
  'image/heif': ['.heif', '.heic'],
  'application/pdf': ['.pdf'],
};

/** The first bytes are enough to name these types (file-type reads at most 4100 of them). */
const SNIFF_BYTES = 4100;

/** What the bytes say the file is (one of the accepted types, or undefined), whatever its name or the type the browser declared. */
export async function contentTypeOf(bytes: Uint8Array): Promise<ChatFileType | undefined> {
  return sniffChatFile(bytes.subarray(0, SNIFF_BYTES));
}

/**
 * The name shown to agents: no path, no control, bidi or quoting characters, the customer's letters kept
 * (kırık-ürün.jpg stays so), and an extension that matches the content, so a PDF named "photo.exe"
 * is offered as "photo.exe.pdf".
 */
export function chatFileName(name: string, type: ChatFileType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f"<>|*?:]+/g, '_')
    // Bidi controls can make "fotoğ\u202Egpj.exe" read as "fotoğexe.jpg": dropped, as the e-mail parser drops them.
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .slice(-120);
  const clean = base && !/^\.+$/.test(base) ? base : 'file';
  const ext = extensions[type];
  return ext.some((e) => clean.toLowerCase().endsWith(e)) ? clean : `${clean}${ext[0]}`;
}

export interface CheckedChatFile {
  readonly contentType: ChatFileType;
  readonly filename: string;
  readonly size: number;
}

/**
 * A visitor's file as the chat takes it, checked by its content before anything is stored: not empty,
 * at most `maxBytes`, and bytes of a photo or PDF type (the declared type and the name count for nothing).
 */
export async function checkChatFile(bytes: Uint8Array, name: string, maxBytes: number): Promise<CheckedChatFile> {
  if (bytes.length === 0) throw new ValidationError('the file is empty');
  if (bytes.length > maxBytes) throw new PayloadTooLargeError(`the file is ${bytes.length} bytes; the limit is ${maxBytes}`);
  const detected = await contentTypeOf(bytes);
  const type = chatFileTypes.find((t) => t === detected);
  if (!type) {
    throw new UnsupportedMediaTypeError("the file's content is not a photo or PDF the chat takes; send a photo (JPEG, PNG, WebP, HEIC) or a PDF");
  }
  return { contentType: type, filename: chatFileName(name, type), size: bytes.length };
}
