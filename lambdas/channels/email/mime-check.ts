import type { ParseError } from './types';

/** The message starts with something shaped like a header field ("Name: value"). */
export function looksLikeHeaders(raw: Buffer): boolean {
  const head = raw.subarray(0, 4096).toString('latin1').replace(/^\s+/, '');
  const firstLine = head.split(/\r?\n/)[0] ?? '';
  return /^[!-9;-~]+:/.test(firstLine) || /^From \S/.test(firstLine);
}

/**
 * Structural defects the MIME parser tolerates silently but a shop should hear about: multipart parts
 * without a boundary, boundaries that never appear, parts never closed (a truncated message).
 */
export function findMimeDefects(raw: Buffer): ParseError[] {
  const text = raw.toString('latin1');
  const defects: ParseError[] = [];
  const declared = /content-type:\s*multipart\/[^;\r\n]+((?:;\s*(?:\r?\n[ \t]+)?[^;\r\n]*)*)/gi;
  for (const m of text.matchAll(declared)) {
    const params = m[1] ?? '';
    const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(params);
    const value = boundary?.[1] ?? boundary?.[2];
    if (!value) {
      defects.push({ code: 'broken_mime', message: 'a multipart part declares no boundary: its parts cannot be separated' });
      continue;
    }
    if (!text.includes(`\n--${value}`)) {
      defects.push({ code: 'broken_mime', message: `the boundary "${value}" never appears: the parts were read as one` });
    } else if (!text.includes(`--${value}--`)) {
      defects.push({ code: 'broken_mime', message: `the multipart with boundary "${value}" is never closed: the message may be cut off` });
    }
  }
  return defects;
}
