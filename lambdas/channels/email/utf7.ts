import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Joiner, Rewriter, Splitter } from '@zone-eu/mailsplit';
import { decodeUtf7 } from './charsets';

// The names UTF-7 goes by (RFC 2152; Outlook Express and old Exchange wrote "unicode-1-1-utf-7").
const utf7Name = /^(?:(?:cs)?unicode-?1-?1-?)?utf-?7$/i;
const mentionsUtf7 = /utf-?7/i;
const utf7Spellings = ['tf-7', 'tF-7', 'Tf-7', 'TF-7', 'tf7', 'tF7', 'Tf7', 'TF7'];
const utf7EncodedWord = /=\?((?:(?:cs)?unicode-?1-?1-?)?utf-?7)(?:\*[^?]*)?\?([bq])\?([^?\s]*)\?=/gi;

function wordBytes(kind: string, payload: string): Buffer {
  if (kind.toLowerCase() === 'b') return Buffer.from(payload, 'base64');
  return Buffer.from(
    payload.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  );
}

/** `=?utf-7?…?=` encoded words (subject, names, file names) rewritten as the same text in UTF-8 words. */
function rewriteEncodedWords(raw: string): string {
  return raw.replace(utf7EncodedWord, (_, _charset: string, kind: string, payload: string) => {
    const text = decodeUtf7(wordBytes(kind, payload));
    return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
  });
}

/**
 * A message with UTF-7 text, rewritten as UTF-8. The MIME parser refuses to decode UTF-7 (in a
 * filter that looks for "<", `+ADw-script+AD4-` hides markup); it then shows the encoded letters
 * ("Sipari+AV8-im"). Our text and HTML are untrusted whatever their charset, so the channel decodes
 * it (charsets.ts) before parsing: text parts are re-encoded as UTF-8, encoded words as UTF-8
 * words. A message that never names UTF-7 is returned as it is, without a copy; so is one whose
 * structure defeats the rewrite (the parser then reads it as before).
 */
export async function utf7AsUtf8(raw: Buffer): Promise<Buffer> {
  // Most mail never names UTF-7: a search of the bytes (no copy) says so before any decoding.
  if (!utf7Spellings.some((spelling) => raw.includes(spelling))) return raw;
  const latin1 = raw.toString('latin1');
  if (!mentionsUtf7.test(latin1)) return raw;
  try {
    return await rewrite(latin1);
  } catch {
    return raw;
  }
}

async function rewrite(latin1: string): Promise<Buffer> {
  const rewriter = new Rewriter((node) => !node.multipart && /^text\//i.test(node.contentType || '') && utf7Name.test(node.charset || ''));
  rewriter.on('node', ({ node, decoder, encoder }) => {
    const chunks: Buffer[] = [];
    decoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    decoder.on('end', () => {
      node.setCharset('utf-8');
      encoder.end(Buffer.from(decodeUtf7(Buffer.concat(chunks)), 'utf8'));
    });
  });
  const joiner = new Joiner();
  const out: Buffer[] = [];
  joiner.on('data', (chunk: Buffer) => out.push(chunk));
  await pipeline(Readable.from([Buffer.from(rewriteEncodedWords(latin1), 'latin1')]), new Splitter(), rewriter, joiner);
  return Buffer.concat(out);
}
