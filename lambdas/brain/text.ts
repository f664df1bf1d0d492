/**
 * Text normalisation for matching. Turkish needs its own case folding (İ → i, I → ı) and customers
 * often type without Turkish letters ("siparisim gelmedi"), so features are built from a folded form
 * in which ç ğ ı ö ş ü (and other accents) become their plain Latin letters.
 */
const FOLD: Record<string, string> = { ç: 'c', ğ: 'g', ı: 'i', ö: 'o', ş: 's', ü: 'u', â: 'a', î: 'i', û: 'u' };

/** Lower case the Turkish way: "İADE" → "iade", "KARGOM NERDE" → "kargom nerde" (I → ı → folded to i). */
export function turkishLower(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('tr');
}

/** Lower-cased, Turkish letters folded to ASCII, other accents stripped, whitespace collapsed. */
export function fold(text: string): string {
  return turkishLower(text)
    .replace(/[çğıöşüâîû]/g, (c) => FOLD[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Words of the folded text. Digit runs become "0" (one token) so that order numbers, amounts and
 * dates do not teach the model that a particular number means a particular intent.
 */
export function words(folded: string): string[] {
  return (folded.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => (/^\p{N}+$/u.test(w) ? '0' : w.replace(/\p{N}+/gu, '0')));
}

/** Features of a text for the intent model: words, word pairs, and character 3–5-grams of words. */
export function intentFeatures(text: string): string[] {
  const ws = words(fold(text));
  const out = new Set<string>();
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    out.add(`w:${w}`);
    if (i + 1 < ws.length) out.add(`b:${w}_${ws[i + 1]}`);
    // Prefixes and inner pieces carry Turkish stems: siparişim / siparisimi / siparişlerim share "sipar".
    const padded = `^${w}$`;
    for (let n = 3; n <= 5; n++) {
      for (let j = 0; j + n <= padded.length; j++) out.add(`c:${padded.slice(j, j + n)}`);
    }
  }
  return [...out];
}

/** Features for language identification: character 1–3-grams of the lower-cased, unfolded text. */
export function languageFeatures(text: string): string[] {
  const lower = turkishLower(text)
    .replace(/[\p{N}\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const out: string[] = [];
  for (const w of lower.split(' ')) {
    if (!w) continue;
    const padded = ` ${w} `;
    const chars = [...padded];
    for (let n = 1; n <= 3; n++) {
      for (let j = 0; j + n <= chars.length; j++) {
        const g = chars.slice(j, j + n).join('');
        if (g.trim()) out.push(g);
      }
    }
  }
  return out;
}
