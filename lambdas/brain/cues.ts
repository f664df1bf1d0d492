import { fold } from './text';

/**
 * Word stems matched on folded text at a word start, so Turkish suffixes still match
 * ("avukat" finds "avukatima"), and text typed without Turkish letters too.
 */
export function stemMatcher(stems: readonly string[]): (folded: string) => string | undefined {
  const re = new RegExp(`(?:^|[^\\p{L}\\p{N}])(${stems.map((s) => fold(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'u');
  // A trailing space lets whole-word stems ("sue ", "dava ") match at the very end of a message.
  return (folded) => re.exec(`${folded} `)?.[1];
}

export const legalThreat = stemMatcher([
  'avukat',
  'dava ',
  'davaci',
  'mahkeme',
  'tuketici hakem',
  'hakem heyeti',
  'sikayetvar',
  'savcilik',
  'noter',
  'yasal yol',
  'tuketici dernegi',
  'btk',
  'bddk',
  'suc duyuru',
  'lawyer',
  'attorney',
  'sue ',
  'suing',
  'lawsuit',
  'legal action',
  'court',
  'consumer protection',
  'chargeback',
  'small claims',
]);

export const anger = stemMatcher([
  'rezalet',
  'berbat',
  'sacmalik',
  'kabul edilemez',
  'dolandirici',
  'hirsiz',
  'yeter artik',
  'biktim',
  'utanc',
  'skandal',
  'terrible',
  'awful',
  'ridiculous',
  'unacceptable',
  'scam',
  'fraud',
  'worst',
  'disgusting',
  'furious',
  'fed up',
  'pathetic',
]);

export const urgency = stemMatcher([
  'acil',
  'hemen',
  'derhal',
  'ivedi',
  'bugun lazim',
  'yarin lazim',
  'bekleyemem',
  'urgent',
  'asap',
  'immediately',
  'right now',
  'right away',
  'emergency',
]);

/** After a bot answer: the customer says it did not help. */
export const notHelped = stemMatcher([
  'ise yaramadi',
  'yardimci olmadi',
  'olmadi',
  'bu degil',
  'anlamadin',
  'alakasi yok',
  'cevap vermedi',
  'sorum bu degil',
  'yanlis anladin',
  "didn't help",
  'did not help',
  'not helpful',
  'useless',
  'not what i asked',
  "doesn't answer",
  'does not answer',
  'wrong answer',
  "that's not",
]);

export const helped = stemMatcher(['ise yaradi', 'yardimci oldu', 'tamamdir', 'cozuldu', 'that helped', 'that helps', 'perfect', 'great, thanks', 'solved']);

/** Many exclamation marks or a message shouted in capitals. */
export function shouting(text: string): boolean {
  if (/!{3,}/.test(text)) return true;
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = text.match(/\p{Lu}/gu) ?? [];
  return letters.length >= 12 && upper.length / letters.length > 0.7;
}
