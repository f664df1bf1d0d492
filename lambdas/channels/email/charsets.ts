import { singleByteCharsets } from './charset-tables';

/**
 * Decoding the charsets mail is written in, as iconv-lite did without its half a megabyte of tables
 * in every bundle. Node's TextDecoder (full ICU in Node 20 and Lambda's nodejs22.x) decodes the
 * WHATWG ones: Shift_JIS, EUC-JP, ISO-2022-JP, GBK, GB18030, Big5, EUC-KR, UTF-16, the ISO-8859
 * and Windows code pages, KOI8 (where a code page leaves a byte undefined it gives the C1 control,
 * as browsers do, not U+FFFD). Ours: windows-1252 (Node reads it as ISO-8859-1) and the single-byte
 * code pages it lacks (charset-tables.ts), UTF-7, UTF-32, and the names iconv-lite accepts for them all.
 */

/** A decoder fed in pieces: write() gives what is complete so far, end() the rest. */
export interface ChunkDecoder {
  write(bytes: Uint8Array): string;
  end(): string | undefined;
}

/** One charset, found by any of its names; the same object for every name of it. */
export interface Charset {
  readonly name: string;
  /** What libmime compares to find the byte-order-guessing and refused charsets. */
  readonly decoder: (bytes: Uint8Array) => string;
  readonly chunkDecoder: () => ChunkDecoder;
}

export class UnknownCharsetError extends Error {
  override name = 'UnknownCharsetError';
}

/** iconv-lite's key for a name: lowercase letters and digits only ("ISO_8859-9:1989" is iso88599). */
export const canonicalCharsetName = (label: string): string =>
  String(label)
    .toLowerCase()
    .replace(/:\d{4}$|[^0-9a-z]/g, '');

const bytesOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** UTF-7 (RFC 2152) as iconv-lite reads it: "+" opens modified base64 of UTF-16BE, "-" or any other character closes it. */
export function decodeUtf7(input: Uint8Array): string {
  const bytes = bytesOf(input);
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const plus = bytes.indexOf(0x2b, i);
    const directEnd = plus < 0 ? bytes.length : plus;
    out += ascii(bytes.subarray(i, directEnd));
    if (plus < 0) break;
    let end = plus + 1;
    while (end < bytes.length && isBase64Byte(bytes[end]!)) end++;
    if (end === plus + 1 && bytes[end] === 0x2d) out += '+';
    else out += utf16be(Buffer.from(bytes.subarray(plus + 1, end).toString('latin1'), 'base64'));
    // A "-" closing the run is absorbed; anything else is text.
    i = bytes[end] === 0x2d ? end + 1 : end;
  }
  // iconv-lite drops a byte order mark at the start.
  return out.replace(/^\ufeff/, '');
}

const isBase64Byte = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b === 0x2b || b === 0x2f;

/** iconv-lite's ASCII: bytes above 0x7F are not ASCII and read as U+FFFD. */
const ascii = (b: Uint8Array) =>
  bytesOf(b)
    .toString('latin1')
    .replace(/[\x80-\xff]/g, '\ufffd');

/** A run's UTF-16BE; a byte left over from its base64 is dropped, as iconv-lite does. */
const utf16be = (b: Uint8Array) => new TextDecoder('utf-16be').decode(b.subarray(0, b.length - (b.length % 2)));

/** UTF-32 (no WHATWG decoder): a BOM says the byte order, else the zero bytes of ASCII do (little-endian when unsure). */
function decodeUtf32(b: Uint8Array, order?: 'le' | 'be'): string {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let little = order === 'le';
  let start = 0;
  if (!order) {
    if (b.length >= 4 && view.getUint32(0, true) === 0xfeff) [little, start] = [true, 4];
    else if (b.length >= 4 && view.getUint32(0, false) === 0xfeff) [little, start] = [false, 4];
    else little = guessLittleEndian(b, 4);
  }
  let out = '';
  for (let at = start; at + 4 <= b.length; at += 4) {
    const cp = view.getUint32(at, little);
    out += cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
  }
  return b.length % 4 ? `${out}\ufffd` : out;
}

/** iconv-lite's guess for a UTF-16/32 text without a BOM: the side where the zero bytes of ASCII fall. */
function guessLittleEndian(b: Uint8Array, unit: 2 | 4): boolean {
  let le = 0;
  let be = 0;
  for (let at = 0; at + unit <= Math.min(b.length, 100 * unit); at += unit) {
    if (unit === 2) {
      if (b[at] === 0 && b[at + 1] !== 0) be++;
      if (b[at] !== 0 && b[at + 1] === 0) le++;
    } else {
      if (b[at] === 0 && b[at + 3] !== 0 && b[at + 1] === 0) be++;
      if (b[at] !== 0 && b[at + 3] === 0 && b[at + 2] === 0) le++;
    }
  }
  return le >= be;
}

function decodeUtf16(b: Uint8Array): string {
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b);
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b);
  return new TextDecoder(guessLittleEndian(b, 2) ? 'utf-16le' : 'utf-16be').decode(b);
}

/** A decoder that reads the whole input at its end (the text is the same, only later). */
const whole = (decode: (b: Uint8Array) => string) => (): ChunkDecoder => {
  const parts: Buffer[] = [];
  return {
    write: (bytes) => {
      parts.push(Buffer.from(bytes));
      return '';
    },
    end: () => (parts.length ? decode(Buffer.concat(parts.splice(0))) : undefined),
  };
};

const stateless = (decode: (b: Uint8Array) => string) => (): ChunkDecoder => ({ write: decode, end: () => undefined });

function charset(name: string, decoder: (b: Uint8Array) => string, chunkDecoder: () => ChunkDecoder = whole(decoder)): Charset {
  return { name, decoder, chunkDecoder };
}

function whatwg(label: string): Charset {
  const decoder = (b: Uint8Array) => new TextDecoder(label).decode(b);
  return charset(label, decoder, () => {
    const d = new TextDecoder(label);
    return { write: (bytes) => d.decode(bytes, { stream: true }), end: () => d.decode() || undefined };
  });
}

function singleByte(name: string, upper: string): Charset {
  const decoder = (b: Uint8Array) => {
    let out = '';
    for (const byte of b) out += byte < 0x80 ? String.fromCharCode(byte) : upper[byte - 0x80];
    return out;
  };
  return charset(name, decoder, stateless(decoder));
}

const latin1 = charset(
  'latin1',
  (b) => bytesOf(b).toString('latin1'),
  stateless((b) => bytesOf(b).toString('latin1')),
);
const transfer = (encoding: 'base64' | 'hex') => charset(encoding, (b) => bytesOf(b).toString(encoding));

/** Our own charsets, by every canonical name iconv-lite gives them. */
const own = new Map<string, Charset>();
const add = (c: Charset, ...names: string[]) => {
  for (const n of names) own.set(n, c);
};
add(charset('utf7', decodeUtf7), 'utf7', 'unicode11utf7', 'csunicode11utf7');
add(
  charset('utf7imap', (b) => decodeUtf7(Buffer.from(bytesOf(b).toString('latin1').replace(/&/g, '+').replace(/,/g, '/'), 'latin1'))),
  'utf7imap',
);
add(transfer('base64'), 'base64');
add(transfer('hex'), 'hex');
add(latin1, 'latin1', 'binary', 'iso88591', 'l1', 'cp819', 'ibm819', 'cp28591');
add(charset('utf-16', decodeUtf16), 'utf16', 'ucs2');
add(
  charset('utf-32', (b) => decodeUtf32(b)),
  'utf32',
  'ucs4',
);
add(
  charset('utf-32le', (b) => decodeUtf32(b, 'le')),
  'utf32le',
  'ucs4le',
);
add(
  charset('utf-32be', (b) => decodeUtf32(b, 'be')),
  'utf32be',
  'ucs4be',
);
for (const [name, { names, upper }] of Object.entries(singleByteCharsets)) add(singleByte(name, upper), ...names);

/** iconv-lite's names for charsets TextDecoder knows by another label. */
const whatwgLabels: Record<string, string> = {
  cp932: 'shift_jis',
  ms932: 'shift_jis',
  windows932: 'shift_jis',
  cp936: 'gbk',
  ms936: 'gbk',
  windows936: 'gbk',
  euccn: 'gbk',
  cp949: 'euc-kr',
  ms949: 'euc-kr',
  uhc: 'euc-kr',
  cp950: 'big5',
  ms950: 'big5',
  windows950: 'big5',
  big5hkscs: 'big5',
  iso2022jp: 'iso-2022-jp',
  cp874: 'windows-874',
  cp20866: 'koi8-r',
  cp21866: 'koi8-u',
  cp10000: 'macintosh',
  cp10007: 'x-mac-cyrillic',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  ucs2le: 'utf-16le',
};

function resolve(canonical: string): string | undefined {
  if (whatwgLabels[canonical]) return whatwgLabels[canonical];
  const codePage = canonical.match(/^(?:cp|win|windows|x-cp)(125\d)$/)?.[1];
  if (codePage) return `windows-${codePage}`;
  const iso = canonical.match(/^(?:iso)?8859(\d{1,2})$/)?.[1];
  if (iso) return `iso-8859-${iso}`;
  return undefined;
}

const known = new Map<string, Charset>();

/** The charset a name stands for; throws UnknownCharsetError for a name neither TextDecoder nor we know. */
export function charsetOf(label: string): Charset {
  const canonical = canonicalCharsetName(label);
  const found = own.get(canonical) ?? known.get(canonical);
  if (found) return found;
  for (const candidate of [String(label).trim(), canonical, resolve(canonical)]) {
    if (!candidate) continue;
    try {
      const encoding = new TextDecoder(candidate).encoding;
      // One object per charset, however it was named: libmime tells charsets apart by identity.
      const c = known.get(encoding) ?? whatwg(encoding);
      known.set(encoding, c);
      known.set(canonical, c);
      return c;
    } catch {
      // not a label TextDecoder knows: the next spelling
    }
  }
  throw new UnknownCharsetError(`unknown charset "${label}"`);
}

export const charsetExists = (label: string) => {
  try {
    charsetOf(label);
    return true;
  } catch {
    return false;
  }
};

export const decodeCharset = (bytes: Uint8Array, label: string): string => charsetOf(label).decoder(bytes);
