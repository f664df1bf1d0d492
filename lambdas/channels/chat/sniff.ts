import type { ChatFileType } from '#definitions/uploads';

/**
 * The chat's accepted types named by their magic bytes, by the rules file-type applies to them (a
 * test checks it against file-type on real signatures and mutations): a JPEG's FF D8 FF (not JPEG-LS),
 * a PNG's signature and chunks up to the first image data (an animated PNG is not a PNG here), RIFF
 * ... WEBP, an ISO box "ftyp" of brand heic/heix (HEIC) or mif1 (HEIF), "%PDF". Anything else is
 * undefined: the caller refuses it. file-type (60 kB with its tokenizer) cost the chat function's
 * cold start more than these few checks ever do.
 */
export function sniffChatFile(input: Uint8Array): ChatFileType | undefined {
  let bytes = input;
  // A UTF-8 byte order mark before the content is skipped (file-type does the same, a few times at most).
  for (let i = 0; i < 3 && startsWith(bytes, [0xef, 0xbb, 0xbf]); i++) bytes = bytes.subarray(3);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return bytes[3] === 0xf7 ? undefined : 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return pngChunks(bytes);
  if (latin1(bytes, 0, 4) === '%PDF') return 'application/pdf';
  if (latin1(bytes, 4, 8) === 'ftyp' && (bytes[8]! & 0x60) !== 0) {
    const brand = latin1(bytes, 8, 12).replace('\0', ' ').trim();
    return brand === 'heic' || brand === 'heix' ? 'image/heic' : brand === 'mif1' ? 'image/heif' : undefined;
  }
  if (latin1(bytes, 0, 4) === 'RIFF' && latin1(bytes, 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);
const latin1 = (bytes: Uint8Array, from: number, to: number) => (bytes.length >= to ? String.fromCharCode(...bytes.subarray(from, to)) : '');

/** A PNG up to its first image data: IHDR first (13 bytes), no animation control (acTL) before IDAT. */
function pngChunks(bytes: Uint8Array): 'image/png' | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The first chunk's header must be there; after it, bytes cut short still read as a PNG (as file-type has it).
  if (bytes.length < 16) return undefined;
  let at = 8;
  let seenHeader = false;
  for (let count = 0; count < 512 && at + 8 <= bytes.length; count++) {
    const length = view.getInt32(at);
    const type = latin1(bytes, at + 4, at + 8);
    if (length < 0) return undefined;
    if (type === 'IHDR') {
      if (length !== 13) return undefined;
      seenHeader = true;
    }
    if (type === 'IDAT') return 'image/png';
    if (type === 'acTL') return undefined;
    if (!seenHeader && type !== 'CgBI') return undefined;
    at += 8 + length + 4;
    // The rest lies beyond the bytes read: file-type calls that a PNG too.
    if (at + 8 >= bytes.length) return 'image/png';
  }
  return 'image/png';
}
