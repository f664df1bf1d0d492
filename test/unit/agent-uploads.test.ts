import { describe, expect, it } from 'vitest';
import type { AgentUploads, StoredUpload } from '#agent/ports';
import { checkedUpload, MAX_UPLOAD_BYTES, safeFilename, uploadKey } from '#agent/uploads';
import { ValidationError } from '#core/errors';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n', 'latin1');
const ZIP_DOCX_LOOKALIKE = Buffer.from('504b0304140000000000', 'hex');

/** One stored object, and what was removed (a port fake: the S3 adapter is tested on the local stack). */
function store(object: Partial<StoredUpload> | null = {}) {
  const removed: string[] = [];
  const uploads: AgentUploads = {
    downloadLink: async () => '',
    uploadForm: async () => ({ url: '', fields: {} }),
    inspect: async (key) => (object ? { bucket: 'b', key, size: 100, contentType: 'image/png', head: PNG, ...object } : undefined),
    remove: async (key) => void removed.push(key),
    keep: async () => {},
  };
  return { uploads, removed };
}

const key = uploadKey('10001', 'u1', 'photo.png');

describe('the content check of an upload', () => {
  it('passes a file whose bytes are its declared type, as an attachment of the ticket', async () => {
    const { uploads, removed } = store();
    expect(await checkedUpload(uploads, '10001', key)).toEqual({
      bucket: 'b',
      key,
      filename: 'photo.png',
      contentType: 'image/png',
      size: 100,
      detectedType: 'image/png',
    });
    expect(removed).toEqual([]);
  });

  it('refuses and deletes a file whose bytes are another type, or no known type, naming both', async () => {
    for (const [head, said] of [
      [PDF, "the file's content is application/pdf, not the declared image/png"],
      [Buffer.from('just text'), "the file's content is of no recognised type, not the declared image/png"],
      [ZIP_DOCX_LOOKALIKE, "the file's content is application/zip, not the declared image/png"],
    ] as const) {
      const { uploads, removed } = store({ head });
      const e = await checkedUpload(uploads, '10001', key).catch((x) => x);
      expect(e).toBeInstanceOf(ValidationError);
      expect(e.message).toBe(said);
      expect(removed).toEqual([key]);
    }
  });

  it('refuses a stored type outside the accepted ones and a size beyond the bound, deleting the file', async () => {
    for (const [object, said] of [
      [{ contentType: 'text/html' }, 'text/html files are not accepted'],
      [{ size: MAX_UPLOAD_BYTES + 1 }, `the file is ${MAX_UPLOAD_BYTES + 1} bytes; the limit is ${MAX_UPLOAD_BYTES}`],
    ] as const) {
      const { uploads, removed } = store(object);
      await expect(checkedUpload(uploads, '10001', key)).rejects.toThrow(said);
      expect(removed).toEqual([key]);
    }
  });

  it("refuses another ticket's upload and a key with nothing uploaded, deleting nothing", async () => {
    const { uploads, removed } = store();
    await expect(checkedUpload(uploads, '10002', key)).rejects.toThrow('not an upload of ticket 10002');
    await expect(checkedUpload(store().uploads, '10001', 'email/2026/x.png')).rejects.toThrow('not an upload of ticket 10001');
    await expect(checkedUpload(store(null).uploads, '10001', key)).rejects.toThrow('nothing was uploaded under this key');
    expect(removed).toEqual([]);
  });
});

describe('an upload file name', () => {
  it('keeps Turkish letters and spaces, drops paths and characters a header or key must not carry', () => {
    expect(safeFilename('İade formu – Şubat.pdf')).toBe('İade formu – Şubat.pdf');
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('C:\\Users\\a\\"x"<y>.png')).toBe('_x_y_.png');
    expect(safeFilename('..')).toBe('file');
    expect(safeFilename('a\r\nb.pdf')).toBe('a_b.pdf');
  });
});
