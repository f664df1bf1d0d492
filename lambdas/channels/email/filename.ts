const extensionByType: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/calendar': 'ics',
  'message/rfc822': 'eml',
  'message/delivery-status': 'txt',
  'text/rfc822-headers': 'txt',
};

// Line breaks and tabs separate words: they become spaces, so "rapor\tfinal" stays two words.
const controlWhitespace = /[\t\n\r\v\f\u0085\u2028\u2029]/g;
// Other control characters, and the bidirectional controls that make "gpj.exe" look like "exe.jpg".
// Zero-width joiners (U+200C, U+200D) stay: Persian and emoji sequences need them.
const unsafeInvisible = /[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const reservedWindowsName = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
// A whole path (an old client's "C:\Users\…\fatura.pdf", "/tmp/x", "../../etc/passwd"): the last part is the name.
const wholePath = /^(?:[a-z]:[\\/]|[\\/])|(?:^|[\\/])\.\.(?:[\\/]|$)/i;

/**
 * A file name safe to show and to use as the last part of a storage key, keeping everything the sender
 * wrote that is safe: letters of every script (ç ğ ı İ ö ş ü, 請求書), spaces as typed, parentheses,
 * punctuation. Changed only: a whole path becomes its last part and a separator inside a name becomes
 * "_", control and bidirectional characters go, leading dots (hidden files) go, Windows device names
 * get a "_" in front, and a name over `maxLength` characters is cut with its extension kept.
 */
export function sanitizeFilename(raw: string | undefined | null, contentType: string, index: number, maxLength: number): string {
  const written = (raw ?? '').normalize('NFC').replace(controlWhitespace, ' ').replace(unsafeInvisible, '');
  const base = wholePath.test(written) ? (written.split(/[\\/]/).pop() ?? '') : written.replace(/[\\/]/g, '_');
  // Leading dots hide a file; trailing dots and spaces are dropped by Windows (a different name on disk).
  let name = base.replace(/^[\s.]+|[\s.]+$/g, '');
  if (!name || /^_+$/.test(name)) name = `attachment-${index}.${extensionByType[contentType.toLowerCase()] ?? 'bin'}`;
  if (reservedWindowsName.test(name)) name = `_${name}`;
  if ([...name].length > maxLength) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    const stem = [...name.slice(0, name.length - ext.length)].slice(0, Math.max(1, maxLength - ext.length)).join('');
    name = stem.replace(/[\s.]+$/, '') + ext;
  }
  return name;
}
