import { describe, expect, it } from 'vitest';
import { ticketFiles } from '#agent/reply-files';
import type { AgentApiDeps } from '#agent/router';
import { ValidationError } from '#core/errors';
import type { Interaction } from '#core/model';
import type { AgentUploads } from '#agent/ports';
import { uploadKey } from '#agent/uploads';

const file = (key: string) => ({ bucket: 'attachments', key, filename: key, contentType: 'image/png', size: 3 });
// Two timeline pages: the file on the second page must still be found.
const message = (key: string, name: string): Interaction =>
  ({
    ticketId: '10001',
    key,
    direction: 'in',
    kind: 'message',
    channel: 'whatsapp',
    customerId: 'c1',
    at: '2026-11-23T10:00:00Z',
    text: '',
    attachments: [file(name)],
  }) as Interaction;
const pages: Interaction[][] = [[message('INTERACTION#1', 'a.png')], [message('INTERACTION#2', 'b.png')]];
const deps = (stored: (key: string) => boolean) =>
  ({
    store: { getTimeline: async (_t: string, _l: number, cursor?: string) => ({ items: pages[Number(cursor ?? 0)]!, next: cursor ? null : '1' }) },
    files: { erase: async () => 0, missing: async (refs: { key: string }[]) => refs.filter((r) => !stored(r.key)).map((r) => r.key) },
  }) as unknown as Pick<AgentApiDeps, 'store' | 'files' | 'uploads'>;

describe('the files a reply names', () => {
  it("are the ticket's own, found across timeline pages, in the order named", async () => {
    expect(
      await ticketFiles(
        deps(() => true),
        '10001',
        ['b.png', 'a.png'],
      ),
    ).toEqual([file('b.png'), file('a.png')]);
  });

  it("a key that is not on the ticket's timeline is refused, naming the field", async () => {
    const e = await ticketFiles(
      deps(() => true),
      '10001',
      ['a.png', 'someone-else.pdf'],
    ).catch((x) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.details).toEqual({ 'attachments.1': 'not a file of ticket 10001' });
  });

  it('a file of the ticket that is no longer stored is refused', async () => {
    const e = await ticketFiles(
      deps((k) => k !== 'b.png'),
      '10001',
      ['a.png', 'b.png'],
    ).catch((x) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.details).toEqual({ 'attachments.1': 'no longer stored (erased or expired)' });
  });

  it('an upload the reply sends is kept (the bucket no longer expires it); a file already on the timeline is not touched', async () => {
    const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const upload = uploadKey('10001', 'u1', 'photo.png');
    const kept: string[] = [];
    const uploads: Pick<AgentUploads, 'inspect' | 'keep' | 'remove'> = {
      inspect: async (key) => ({ bucket: 'attachments', key, size: 3, contentType: 'image/png', head: PNG }),
      keep: async (key) => void kept.push(key),
      remove: async () => {},
    };
    const refs = await ticketFiles({ ...deps(() => true), uploads } as unknown as Pick<AgentApiDeps, 'store' | 'files' | 'uploads'>, '10001', [
      'a.png',
      upload,
    ]);
    expect(refs.map((r) => r.key)).toEqual(['a.png', upload]);
    expect(kept).toEqual([upload]);
  });

  it('an upload refused by its content is not kept', async () => {
    const upload = uploadKey('10001', 'u2', 'photo.png');
    const kept: string[] = [];
    const uploads: Pick<AgentUploads, 'inspect' | 'keep' | 'remove'> = {
      inspect: async (key) => ({ bucket: 'attachments', key, size: 3, contentType: 'image/png', head: Buffer.from('not a png') }),
      keep: async (key) => void kept.push(key),
      remove: async () => {},
    };
    await expect(
      ticketFiles({ ...deps(() => true), uploads } as unknown as Pick<AgentApiDeps, 'store' | 'files' | 'uploads'>, '10001', [upload]),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(kept).toEqual([]);
  });
});
