import { fileTypeFromBuffer } from 'file-type/core';
import { describe, expect, it } from 'vitest';
import { sniffChatFile } from '#channels/chat/sniff';
import { chatFileTypes } from '#definitions/uploads';
import { SAMPLES } from '#test/fixtures/file-samples';

/** What file-type (the reference the chat used before) names the bytes, when it is a type the chat takes. */
async function reference(bytes: Uint8Array) {
  const mime = (await fileTypeFromBuffer(bytes))?.mime;
  return (chatFileTypes as readonly string[]).includes(mime ?? '') ? mime : undefined;
}

const u8 = (...parts: (string | number[] | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const chunk = (type: string, length: number) => u8([0, 0, length >> 8, length & 255], type, new Uint8Array(length), [0, 0, 0, 0]);
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ftyp = (brand: string) => u8([0, 0, 0, 0x18], 'ftyp', brand, [0, 0, 0, 0], 'mif1', brand, new Uint8Array(64));

/** Files built to the edges of each rule: what file-type names them, the sniffer must name them too. */
const constructed: Record<string, Uint8Array> = {
  apng: u8(pngSignature, chunk('IHDR', 13), chunk('acTL', 8), chunk('IDAT', 4)),
  pngWithTextFirst: u8(pngSignature, chunk('IHDR', 13), chunk('tEXt', 20), chunk('IDAT', 4)),
  pngWithoutHeader: u8(pngSignature, chunk('tEXt', 20), chunk('IDAT', 4)),
  pngShortHeader: u8(pngSignature, chunk('IHDR', 12), chunk('IDAT', 4)),
  pngCut: u8(pngSignature, chunk('IHDR', 13)).subarray(0, 20),
  jpegLs: u8([0xff, 0xd8, 0xff, 0xf7], new Uint8Array(32)),
  heif: ftyp('mif1'),
  heix: ftyp('heix'),
  heifSequence: ftyp('msf1'),
  heicSequence: ftyp('hevc'),
  avif: ftyp('avif'),
  mp4: ftyp('isom'),
  bomPdf: u8([0xef, 0xbb, 0xbf], SAMPLES.pdf),
  riffWave: u8('RIFF', [0x40, 0, 0, 0], 'WAVEfmt ', new Uint8Array(64)),
  largeFirstBox: u8([0, 0, 1, 0], 'ftypheic', new Uint8Array(64)),
};

describe('the chat file sniffer', () => {
  it.each(Object.entries({ ...SAMPLES, ...constructed }))('names %s as file-type does (for the types the chat takes)', async (_kind, bytes) => {
    expect(sniffChatFile(bytes)).toBe(await reference(bytes));
  });

  it('names every sample cut short or with a byte changed as file-type does', async () => {
    let compared = 0;
    for (const bytes of [...Object.values(SAMPLES), ...Object.values(constructed)]) {
      const variants = [
        ...[1, 3, 4, 8, 11, 12, 16, 33].map((n) => bytes.subarray(0, n)),
        ...Array.from({ length: 24 }, (_, i) => {
          const copy = Uint8Array.from(bytes);
          copy[i % copy.length] = (copy[i % copy.length]! + 1 + i) & 255;
          return copy;
        }),
      ];
      for (const v of variants) {
        expect(sniffChatFile(v)).toBe(await reference(v));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
