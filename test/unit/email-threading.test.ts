import { describe, expect, it } from 'vitest';
import {
  ownMessageId,
  replyAddress,
  replyToken,
  ticketFromRecipients,
  ticketOfOwnMessageId,
  verifyReplyToken,
  isSupportAddress,
} from '#channels/email/reply-token';
import { baseSubject, normaliseSubject, replySubject, ticketNumberInSubject } from '#channels/email/subject';
import { conversationOpenedBy, resolveThread, type ThreadingInput } from '#channels/email/threading';
import { MemoryEmailStore } from './email-store-fake';

const secret = 'unit-test-secret-0123456789';
const settings = {
  supportAddresses: ['destek@shop.com.tr', 'help@shop.example'],
  colleagueDomains: ['shop.com.tr'],
  subjectWindowHours: 72,
  replyTokenSecret: secret,
};
const now = new Date('2026-11-23T12:00:00Z');

function input(over: Partial<ThreadingInput> = {}): ThreadingInput {
  return {
    sender: 'ayse@example.com',
    subject: 'Kargom nerede?',
    inReplyTo: undefined,
    references: [],
    recipients: ['destek@shop.com.tr'],
    authentication: {},
    newConversationKey: 'mail-new',
    now,
    ...over,
  };
}

function storeWithTicket() {
  const store = new MemoryEmailStore();
  store.tickets.set('10234', { id: '10234', customerId: 'c1', conversationKey: 'mail-first' });
  store.identities.set('ayse@example.com', 'c1');
  store.identities.set('stranger@example.com', 'c2');
  return store;
}

describe('reply tokens', () => {
  it('round-trip through the reply address and verify only with the right secret', () => {
    const address = replyAddress(secret, 'destek@shop.com.tr', '10234');
    expect(address).toMatch(/^destek\+10234-[0-9a-f]{12}@shop\.com\.tr$/);
    expect(ticketFromRecipients(secret, [address.toUpperCase()], settings.supportAddresses)).toBe('10234');
    expect(ticketFromRecipients('another-secret-0123456789', [address], settings.supportAddresses)).toBeUndefined();
  });

  it('refuse a guessed ticket number, a changed signature and a token on someone else’s address', () => {
    const token = replyToken(secret, '10234');
    expect(verifyReplyToken(secret, token)).toBe('10234');
    expect(verifyReplyToken(secret, token.replace('10234', '10235'))).toBeUndefined();
    expect(verifyReplyToken(secret, `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`)).toBeUndefined();
    expect(verifyReplyToken(secret, '10234')).toBeUndefined();
    expect(ticketFromRecipients(secret, [`sales+${token}@shop.com.tr`, `destek+${token}@other.example`], settings.supportAddresses)).toBeUndefined();
  });

  it('sign our own Message-IDs: the ticket they name is read back only with the right secret and signature', () => {
    const id = ownMessageId(secret, 'out1', '10234', 'shop.com.tr');
    expect(id).toMatch(/^<out1\.t10234-[0-9a-f]{12}@shop\.com\.tr>$/);
    expect(ticketOfOwnMessageId(secret, id)).toBe('10234');
    expect(ticketOfOwnMessageId(secret, id.replace('10234', '10235'))).toBeUndefined();
    expect(ticketOfOwnMessageId('another-secret-0123456789', id)).toBeUndefined();
    // The unsigned form earlier versions sent is no proof of anything: only its stored item counts.
    expect(ticketOfOwnMessageId(secret, '<out1.t10234@shop.com.tr>')).toBeUndefined();
  });

  it('know our own addresses with and without a token', () => {
    expect(isSupportAddress('Destek+10234-abc@Shop.com.tr', settings.supportAddresses)).toBe(true);
    expect(isSupportAddress('customer@shop.com.tr', settings.supportAddresses)).toBe(false);
  });
});

describe('subjects', () => {
  it('lose Re:/Fwd:/YNT:/İLT:/Ynt:/Fw: prefixes and [#N] tags, and compare case-folded the Turkish way', () => {
    expect(baseSubject('Re: YNT: Fwd: [#10234] Kargom nerede?')).toBe('Kargom nerede?');
    expect(baseSubject('İLT: Ynt: Fw: RE[2]: Sipariş iptali')).toBe('Sipariş iptali');
    expect(normaliseSubject('YNT: SİPARİŞ İPTALİ')).toBe(normaliseSubject('sipariş iptali'));
    expect(normaliseSubject('Re: Kargo')).not.toBe(normaliseSubject('Kargom'));
  });

  it('keep the ticket number in replies and find it again', () => {
    const subject = replySubject('YNT: Kargom nerede? [#10234]', '10234');
    expect(subject).toBe('Re: Kargom nerede? [#10234]');
    expect(ticketNumberInSubject(subject)).toBe('10234');
    expect(replySubject(undefined, '10234')).toBe('[#10234]');
  });
});

describe('threading decisions', () => {
  it('joins by our Message-ID in In-Reply-To first, even with another ticket number in the subject', async () => {
    const store = storeWithTicket();
    store.messageIds.set('<ack-1@shop.com.tr>', { conversationKey: 'mail-first', sent: { ticketId: '10234', interactionKey: 'INTERACTION#1' } });
    const d = await resolveThread(store, input({ inReplyTo: '<ack-1@shop.com.tr>', subject: 'Re: [#99999] x' }), settings);
    expect(d).toEqual({ conversationKey: 'mail-first', threadedBy: 'message-id' });
  });

  it('joins by a Message-ID anywhere in References (Outlook drops In-Reply-To on some replies)', async () => {
    const store = storeWithTicket();
    store.messageIds.set('<ack-1@shop.com.tr>', { conversationKey: 'mail-first' });
    const d = await resolveThread(store, input({ references: ['<ack-1@shop.com.tr>', '<someone-else@example.com>'] }), settings);
    expect(d.threadedBy).toBe('message-id');
  });

  it('joins by our signed Message-ID with no stored item, passing over the SES id quoted beside it', async () => {
    const store = storeWithTicket();
    const ours = ownMessageId(secret, 'ack1', '10234', 'shop.com.tr');
    const ses = '<0102019abc@eu-west-1.amazonses.com>';
    const looked: string[] = [];
    const lookup = store.conversationOfMessageId.bind(store);
    store.conversationOfMessageId = (id, opened) => (looked.push(id), lookup(id, opened));
    const d = await resolveThread(store, input({ inReplyTo: ses, references: [ours, ses] }), settings);
    expect(d).toEqual({ conversationKey: 'mail-first', threadedBy: 'message-id', ticketId: '10234' });
    expect(looked).toEqual([]);
    // A forged id of our form (wrong signature) joins nothing.
    const forged = ours.replace(/-[0-9a-f]{12}@/, '-000000000000@');
    expect((await resolveThread(store, input({ inReplyTo: forged, subject: 'x', newConversationKey: 'mail-forged' }), settings)).threadedBy).toBe('new');
  });

  it('joins by SES’s id of one of our mails, checked on the replies of the ticket the mail names', async () => {
    const store = storeWithTicket();
    await store.recordConversationMessage({ conversationKey: 'mail-first', messageId: '<c1@gmail.com>', fromCustomer: true });
    store.sentProviders.set('10234', ['0102abc']);
    const quoted = '<0102abc@eu-west-1.amazonses.com>';
    // A stranger quoting it with [#N] joins: only a copy of our mail carries that id.
    const d = await resolveThread(store, input({ sender: 'stranger@example.com', inReplyTo: quoted, subject: 'Re: [#10234] x' }), settings);
    expect(d).toMatchObject({ conversationKey: 'mail-first', threadedBy: 'message-id' });
    // An id we never sent, with the same [#N], proves nothing: the stranger is not the ticket's customer.
    const made = await resolveThread(
      store,
      input({ sender: 'stranger@example.com', inReplyTo: '<0102fff@eu-west-1.amazonses.com>', subject: 'Re: [#10234] x', newConversationKey: 'mail-s' }),
      settings,
    );
    expect(made).toEqual({ conversationKey: 'mail-s', threadedBy: 'new' });
    // An SES id an earlier version listed on the conversation still joins.
    store.sentProviders.clear();
    store.conversations.set('mail-first', { ...store.conversations.get('mail-first')!, sentIds: ['<0102abc@amazonses.com>'] });
    expect(
      await resolveThread(
        store,
        input({ sender: 'stranger@example.com', inReplyTo: quoted, subject: 'Re: [#10234] x', newConversationKey: 'mail-t' }),
        settings,
      ),
    ).toMatchObject({ conversationKey: 'mail-first', threadedBy: 'message-id' });
    // An SES id remembered by an even earlier version still joins by its item.
    store.messageIds.set('<0102old@amazonses.com>', { conversationKey: 'mail-first' });
    expect((await resolveThread(store, input({ inReplyTo: '<0102old@us-east-1.amazonses.com>', subject: 'z' }), settings)).threadedBy).toBe('message-id');
  });

  it('joins by the Message-ID of the mail that opened a conversation, found by the key derived from it', async () => {
    const store = storeWithTicket();
    const opener = '<c1@gmail.com>';
    await store.recordConversationMessage({ conversationKey: conversationOpenedBy(opener), messageId: opener, fromCustomer: true }, null);
    const d = await resolveThread(store, input({ inReplyTo: opener, subject: 'Re: something else' }), settings);
    expect(d).toMatchObject({ conversationKey: conversationOpenedBy(opener), threadedBy: 'message-id', conversation: { lastCustomerMessageId: opener } });
    // Its own id in its References is no reference: a mail never threads onto itself.
    const self = await resolveThread(store, input({ messageId: opener, references: [opener], subject: 'y', newConversationKey: 'mail-self' }), settings);
    expect(self.threadedBy).toBe('new');
  });

  it('joins by a valid reply token when the headers name nothing we know', async () => {
    const store = storeWithTicket();
    const d = await resolveThread(store, input({ recipients: [replyAddress(secret, 'destek@shop.com.tr', '10234')], subject: 'new words' }), settings);
    expect(d).toEqual({ conversationKey: 'mail-first', threadedBy: 'reply-token' });
  });

  it('joins by [#N] in the subject only for the ticket’s customer or a colleague domain', async () => {
    const store = storeWithTicket();
    expect((await resolveThread(store, input({ subject: '[#10234] ek bilgi' }), settings)).threadedBy).toBe('subject-number');
    expect(
      (
        await resolveThread(
          store,
          input({ sender: 'mudur@shop.com.tr', subject: 'Re: [#10234] x', authentication: { spf: 'PASS', dkim: 'GRAY', dmarc: 'PASS' } }),
          settings,
        )
      ).threadedBy,
    ).toBe('subject-number');
    const stranger = await resolveThread(store, input({ sender: 'stranger@example.com', subject: 'Re: [#10234] Kargom nerede?' }), settings);
    expect(stranger).toEqual({ conversationKey: 'mail-new', threadedBy: 'new' });
    const unknown = await resolveThread(store, input({ sender: 'nobody@example.com', subject: '[#10234] hi' }), settings);
    expect(unknown.threadedBy).toBe('new');
  });

  it('a colleague-domain sender joins by [#N] only when SES proves the domain (SPF or DKIM PASS, DMARC not FAIL)', async () => {
    const colleague = (authentication: ThreadingInput['authentication'], newConversationKey = 'mail-forged') =>
      resolveThread(storeWithTicket(), input({ sender: 'muhasebe@shop.com.tr', subject: 'Re: [#10234] fatura', authentication, newConversationKey }), settings);
    expect((await colleague({ spf: 'PASS' })).threadedBy).toBe('subject-number');
    expect((await colleague({ dkim: 'PASS', spf: 'FAIL', dmarc: 'GRAY' })).threadedBy).toBe('subject-number');
    for (const forged of [
      {},
      { spf: 'GRAY', dkim: 'GRAY', dmarc: 'GRAY' },
      { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' },
      { spf: 'PASS', dkim: 'PASS', dmarc: 'FAIL' },
      { spf: 'SOFTFAIL', dkim: 'NONE' },
    ]) {
      const d = await colleague(forged);
      expect(d, JSON.stringify(forged)).toMatchObject({ conversationKey: 'mail-forged', threadedBy: 'new' });
      expect(d.note).toMatch(/not joined to #10234 .*muhasebe@shop\.com\.tr.*colleague domain.*SES did not authenticate/);
    }
    // The note names the verdicts agents need to see.
    expect((await colleague({ spf: 'PASS', dmarc: 'FAIL' })).note).toContain('SPF PASS, DKIM NONE, DMARC FAIL');
    // A sender outside the colleague domains gets no note: nothing was refused them for lack of proof.
    const stranger = await resolveThread(storeWithTicket(), input({ sender: 'nobody@example.com', subject: '[#10234] hi' }), settings);
    expect(stranger.note).toBeUndefined();
  });

  it('joins the same customer’s same subject within the window, and not after it', async () => {
    const store = storeWithTicket();
    const first = await resolveThread(store, input({ newConversationKey: 'mail-a' }), settings);
    expect(first).toEqual({ conversationKey: 'mail-a', threadedBy: 'new' });
    const again = await resolveThread(
      store,
      input({ subject: 'YNT: kargom NEREDE?', newConversationKey: 'mail-b', now: new Date(now.getTime() + 3600_000) }),
      settings,
    );
    expect(again).toEqual({ conversationKey: 'mail-a', threadedBy: 'subject-window' });
    const otherCustomer = await resolveThread(store, input({ sender: 'mehmet@example.com', newConversationKey: 'mail-c' }), settings);
    expect(otherCustomer.conversationKey).toBe('mail-c');
    const late = await resolveThread(store, input({ newConversationKey: 'mail-d', now: new Date(now.getTime() + 76 * 3600_000) }), settings);
    expect(late).toEqual({ conversationKey: 'mail-d', threadedBy: 'new' });
  });

  it('plans the same conversation when the same mail is replayed', async () => {
    const store = storeWithTicket();
    const a = await resolveThread(store, input({ newConversationKey: 'mail-x' }), settings);
    const b = await resolveThread(store, input({ newConversationKey: 'mail-x' }), settings);
    expect(b.conversationKey).toBe(a.conversationKey);
  });

  it('gives a mail without a subject a conversation of its own', async () => {
    const store = storeWithTicket();
    expect(await resolveThread(store, input({ subject: 'Re: ', newConversationKey: 'mail-y' }), settings)).toEqual({
      conversationKey: 'mail-y',
      threadedBy: 'new',
    });
  });
});
