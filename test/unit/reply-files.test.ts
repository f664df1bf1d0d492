import { describe, expect, it } from 'vitest';
import { ticketFiles } from '#agent/reply-files';
import type { AgentApiDeps } from '#agent/router';
import { ValidationError } from '#core/errors';
import type { Interaction } from '#core/model';

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
});
