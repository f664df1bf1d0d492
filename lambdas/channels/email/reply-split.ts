/**
 * Separates the new part of an e-mail reply from the quoted history and the signature. Pure: text in,
 * parts out. Forwarded mail is not history: what was forwarded stays in the new part.
 */

export interface ReplySplit {
  /** What the sender wrote now (plus anything they forwarded), trimmed. */
  readonly newText: string;
  /** The quoted history that was cut off, '' when none. */
  readonly quoted: string;
  /** The signature that was cut off, '' when none. */
  readonly signature: string;
  /** The message forwards another one; its content is part of `newText`. */
  readonly forwarded: boolean;
}

// "On Mon, 23 Nov 2026 at 10:02, Ayşe <a@b.com> wrote:" (Gmail, Thunderbird, Apple Mail "On …, at …, X wrote:").
const wroteLine = /^(on\b.{4,}\b(wrote|writes)|.{4,}\s(schrieb|a écrit|escribió|ha scritto))\s*:\s*$/i;
// "23 Kas 2026 Pzt, saat 10:02 tarihinde Ayşe <a@b.com> şunu yazdı:" and "… tarihinde şunları yazdı:".
const yazdiLine = /^.{4,}\starihinde\s(.*\s)?(şunu|şunları|sunu|sunlari)\s+yazd[ıi]\s*:?\s*$/i;
const originalMessage = /^\s*-{2,}\s*(original message|orijinal (mesaj|ileti)|özgün (ileti|mesaj)|ursprüngliche nachricht|message d'origine)\s*-{2,}\s*$/i;
// Outlook's header block: "From: …" (or "Kimden: …") followed closely by "Sent:"/"Date:" ("Gönderilme:" / "Tarih:").
const outlookFrom = /^\s*\*?(from|kimden|von|de)\s*:\*?\s+\S/i;
const outlookSent = /^\s*\*?(sent|date|gönderilme( tarihi)?|gönderildi|tarih|gesendet)\s*:\*?\s+\S/i;
// Subjects of forwarded mail: Fwd:, FW:, Turkish Outlook's İLT:, German WG:.
const forwardSubject = /^\s*(fw|fwd|[iİ]lt|i̇lt|wg)\s*:/i;
const underscoreRule = /^\s*_{10,}\s*$/;
const forwardMarker =
  /^\s*(-{2,}\s*(forwarded message|forwarded e-?mail|iletilen (ileti|mesaj|e-?posta)|i̇letilen (ileti|mesaj|e-?posta)|weitergeleitete nachricht)\s*-{2,}|begin forwarded message\s*:|iletilen ileti\s*:|i̇letilen ileti\s*:)\s*$/i;
const signatureDelimiter = /^--\s?$/;
// Lines mobile and web clients append; everything from such a line on is signature.
const clientSignature =
  /^\s*(sent from my \S.*|sent from (mail|outlook|yahoo mail|yandex\.?mail|my mobile)\b.*|get outlook for (ios|android)\b.*|(iphone|ipad)['’]?(umdan|imden|dan|den) gönderildi\.?|android için outlook['’]?u edinin\.?|ios için outlook['’]?u edinin\.?|.{0,40}(akıllı telefonumdan|cihazımdan|telefonumdan) gönderildi\.?|yandex\.?mail(['’]den|['’]dan)? gönderildi\.?|mobil cihazımdan gönderildi\.?)\s*$/i;

const maxHeaderLength = 400;
const isQuote = (line: string) => /^\s*>/.test(line);
const isBlank = (line: string) => line.trim() === '';
/** A short line ending in ":" right above quoted lines ("23.11.2026, 16:35, X <a@b>:"). */
const isAttribution = (line: string) => line.length <= maxHeaderLength && !isQuote(line) && /:\s*$/.test(line);

/** A reply header starting at line i; how many lines it spans, 0 when none. Handles Gmail's wrapped "…\nwrote:". */
function replyHeaderAt(lines: readonly string[], i: number): number {
  const line = lines[i]!;
  if (originalMessage.test(line)) return 1;
  for (let span = 1; span <= 3 && i + span <= lines.length; span++) {
    const joined = lines
      .slice(i, i + span)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (span > 1 && isBlank(lines[i + span - 1]!)) break;
    // Attribution lines are short; long ones are body text, and skipping them bounds the regex work.
    if (joined.length > maxHeaderLength) break;
    if (wroteLine.test(joined) || yazdiLine.test(joined)) return span;
  }
  if (outlookFrom.test(line) && outlookBlockEnd(lines, i) > 0) return outlookBlockEnd(lines, i);
  return 0;
}

/** End of an Outlook "From/Sent/To/Subject" block starting at i, or 0 when the lines are not one. */
function outlookBlockEnd(lines: readonly string[], i: number): number {
  let sawSent = false;
  for (let j = i + 1; j < Math.min(lines.length, i + 8); j++) {
    if (outlookSent.test(lines[j]!)) sawSent = true;
    if (isBlank(lines[j]!)) return sawSent ? j - i : 0;
  }
  return sawSent ? Math.min(lines.length, i + 8) - i : 0;
}

/** Index of the first line of forwarded content, or -1. A forward's subject makes its first header block forwarded content. */
function forwardStart(lines: readonly string[], isForward: boolean): number {
  for (let i = 0; i < lines.length; i++) {
    if (forwardMarker.test(lines[i]!)) return i;
    if (replyHeaderAt(lines, i) > 0) {
      if (!isForward) return -1;
      return i > 0 && underscoreRule.test(lines[i - 1]!) ? i - 1 : i;
    }
  }
  return -1;
}

/** The "> " quotes after an attribution have the sender's own text after them (inline or bottom-posted reply). */
function answeredBelow(lines: readonly string[], from: number): boolean {
  let j = from;
  while (j < lines.length && isBlank(lines[j]!)) j++;
  if (j >= lines.length || !isQuote(lines[j]!)) return false;
  while (j < lines.length && (isQuote(lines[j]!) || isBlank(lines[j]!))) j++;
  return j < lines.length;
}

/** Where the quoted history starts in the sender's own part, or lines.length. */
function historyStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const span = replyHeaderAt(lines, i);
    if (span > 0 && !answeredBelow(lines, i + span)) {
      // Outlook puts a rule of underscores above the block.
      let start = i;
      while (start > 0 && (underscoreRule.test(lines[start - 1]!) || isBlank(lines[start - 1]!))) start--;
      return start;
    }
  }
  // A trailing block of "> " lines (and the attribution line just above it) is history; quotes with
  // the sender's answers between them are an inline reply and stay.
  let end = lines.length;
  while (end > 0 && isBlank(lines[end - 1]!)) end--;
  let start = end;
  while (start > 0 && (isQuote(lines[start - 1]!) || isBlank(lines[start - 1]!))) start--;
  while (start < end && isBlank(lines[start]!)) start++;
  if (start === end) return lines.length;
  if (start > 0 && isAttribution(lines[start - 1]!)) start--;
  return start;
}

/** A leading block of quotes the sender answered below (bottom-posting): drop it and its attribution. */
function dropLeadingQuote(lines: string[]): string[] {
  let i = 0;
  while (i < lines.length && isBlank(lines[i]!)) i++;
  if (i < lines.length && isAttribution(lines[i]!) && i + 1 < lines.length && isQuote(lines[i + 1]!)) i++;
  if (i >= lines.length || !isQuote(lines[i]!)) return lines;
  let j = i;
  while (j < lines.length && (isQuote(lines[j]!) || isBlank(lines[j]!))) j++;
  const rest = lines.slice(j);
  return rest.some(isQuote) ? lines : rest;
}

function signatureStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (signatureDelimiter.test(line) || clientSignature.test(line)) return i;
  }
  return lines.length;
}

const joinTrim = (lines: readonly string[]) => lines.join('\n').replace(/^\s*\n|\s+$/g, '');

/** `subject` tells a forward (Fwd:, FW:, İLT:) from a reply when the client writes both the same way (Outlook). */
export function splitReply(text: string, subject = ''): ReplySplit {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fwd = forwardStart(lines, forwardSubject.test(subject));
  const own = fwd >= 0 ? lines.slice(0, fwd) : lines;
  const forwarded = fwd >= 0 ? lines.slice(fwd) : [];

  const hist = historyStart(own);
  const beforeHistory = dropLeadingQuote(own.slice(0, hist));
  const sig = signatureStart(beforeHistory);
  const body = beforeHistory.slice(0, sig);
  const newText = [joinTrim(body), joinTrim(forwarded)].filter(Boolean).join('\n\n');
  return {
    newText: newText.trim(),
    quoted: joinTrim(own.slice(hist)),
    signature: joinTrim(beforeHistory.slice(sig)),
    forwarded: fwd >= 0,
  };
}
