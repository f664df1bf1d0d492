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

// Control characters, and bidirectional overrides that make "gpj.exe" look like "exe.jpg".
const invisible = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const reservedChars = /[<>:"|?*\\/]/g;
const reservedWindowsName = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/**
 * A file name safe to show and to use as the last part of a storage key: no directories, no control or
 * reserved characters, no Windows device names, no leading dots, at most `maxLength` characters with the
 * extension kept. Letters of every script (ç ğ ı İ ö ş ü) stay.
 */
export function sanitizeFilename(raw: string | undefined | null, contentType: string, index: number, maxLength: number): string {
  const base = (raw ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  let name = base
    .replace(invisible, '')
    .replace(reservedChars, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
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
