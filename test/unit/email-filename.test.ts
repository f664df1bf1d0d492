import { describe, expect, it } from 'vitest';
import { sanitizeFilename } from '#channels/email/filename';

const clean = (raw: string | undefined, type = 'application/pdf', max = 120) => sanitizeFilename(raw, type, 3, max);

describe('sanitizeFilename', () => {
  it.each([
    ['keeps Turkish letters', 'Fatura ğüşıöç İĞÜŞÖÇ.pdf', 'Fatura ğüşıöç İĞÜŞÖÇ.pdf'],
    ['drops Unix directories', '../../etc/passwd', 'passwd'],
    ['drops Windows directories', 'C:\\Users\\ayse\\Desktop\\fatura.pdf', 'fatura.pdf'],
    ['prefixes Windows device names', 'CON.txt', '_CON.txt'],
    ['prefixes device names in any case', 'lpt1', '_lpt1'],
    ['removes bidirectional overrides that disguise extensions', 'resim\u202Egpj.exe', 'resimgpj.exe'],
    ['removes control characters', 'a\u0000b\u0007c\u001f.txt', 'abc.txt'],
    ['drops the directories of a path that climbs', 'fotolar/../../x.jpg', 'x.jpg'],
    ['keeps a slash written inside a name as "_"', 'Fatura 03/2024.pdf', 'Fatura 03_2024.pdf'],
    ['keeps punctuation a name may carry', 'soru?<cevap>|"x":*.txt', 'soru?<cevap>|"x":*.txt'],
    ['keeps parentheses and spaces as written', 'Fatura  (1) - kopya.pdf', 'Fatura  (1) - kopya.pdf'],
    ['keeps Japanese names', '請求書 2024年12月.pdf', '請求書 2024年12月.pdf'],
    ['keeps the joiners emoji and Persian need', 'ok \u{1F469}\u200D\u{1F4BB} می\u200Cخواهم.png', 'ok \u{1F469}\u200D\u{1F4BB} می\u200Cخواهم.png'],
    ['removes leading dots (hidden files)', '.htaccess', 'htaccess'],
    ['turns tabs and line breaks into spaces and trims the ends', '  rapor\t\nfinal .pdf  ', 'rapor  final .pdf'],
    ['names a nameless attachment from its type', undefined, 'attachment-3.pdf'],
    ['names an all-dots name from its type', '...', 'attachment-3.pdf'],
    ['normalises decomposed letters (NFC)', 'Gu\u0308l.pdf', 'Gül.pdf'],
  ])('%s', (_name, raw, expected) => {
    expect(clean(raw)).toBe(expected);
  });

  it('cuts long names to the limit and keeps the extension', () => {
    const name = clean(`${'ç'.repeat(300)}.pdf`, 'application/pdf', 50);
    expect([...name]).toHaveLength(50);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('uses a neutral extension for unknown types', () => {
    expect(sanitizeFilename('', 'application/x-unknown', 1, 120)).toBe('attachment-1.bin');
  });
});
