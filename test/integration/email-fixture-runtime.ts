/**
 * Reply fixtures quote values Destek makes at run time (ticket number, our acknowledgement's
 * Message-ID, the reply token); these put the real ones in, also inside RFC 2047 encoded words.
 */

const encodedRun = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=(?:\s+=\?\1\?[BbQq]\?[^?\s]*\?=)*/g;
const oneWord = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

function decodeWord(encoding: string, text: string): Buffer {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '_') bytes.push(0x20);
    else if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

/** Replaces ASCII strings everywhere, including inside encoded words (whose bytes keep their charset). */
export function replaceInMime(raw: string, replacements: readonly [string, string][]): string {
  const plain = (s: string) => replacements.reduce((acc, [from, to]) => acc.split(from).join(to), s);
  const withWords = raw.replace(encodedRun, (run, charset: string) => {
    const bytes = Buffer.concat([...run.matchAll(oneWord)].map((m) => decodeWord(m[2]!, m[3]!)));
    const text = bytes.toString('latin1');
    const replaced = plain(text);
    return replaced === text ? run : `=?${charset}?B?${Buffer.from(replaced, 'latin1').toString('base64')}?=`;
  });
  return plain(withWords);
}
