import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEmail } from '#channels/email/parse';
import { replyAddress } from '#channels/email/reply-token';
import { outboundMessageId } from '#channels/email/sender';
import { asyncInvocationsIdle, eventually, stack, stackKey } from './helpers';
import { processedEmail, sentTo, smtpSend, supportAddress, ticketWithTimeline, waitProcessed } from './email-helpers';
import { replaceInMime } from './email-fixture-runtime';

const dir = join(import.meta.dirname, '../fixtures/email');
interface TextExpectation {
  equals?: string;
  contains?: string[];
  notContains?: string[];
}
interface Expected {
  from: { address: string } | null;
  messageId?: string | null;
  newText: TextExpectation;
  errors: string[];
  attachments: { filename: string; contentType: string; size: number; inline: boolean; skipped?: string }[];
  expect: { ticket: string; autoReply: boolean; thread: string };
  runtime?: { ticketNumber?: string; ackMessageId?: string; replyToken?: string };
}
const corpus = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { supportAddress: string; fixtures: Record<string, Expected> };
const names = Object.keys(corpus.fixtures).map((f) => f.replace(/\.eml$/, ''));
const expected = (name: string) => corpus.fixtures[`${name}.eml`]!;
// Fixtures that open tickets go first; replies need those tickets' numbers, acknowledgements and tokens.
const openers = names.filter((n) => !expected(n).runtime && !expected(n).expect.ticket.startsWith('same-as:'));
const followers = names.filter((n) => !openers.includes(n));
const threadKinds: Record<string, string> = {
  'message-id': 'message-id',
  token: 'reply-token',
  subject: 'subject-number',
  'subject-window': 'subject-window',
  none: 'new',
};

interface Outcome {
  ticketId?: string;
  channelMessageId: string;
  processed?: Record<string, any>;
  sent: boolean;
}
const outcomes = new Map<string, Outcome>();

let s3: S3Client;
const ours = () => supportAddress();

/** The fixture as a mail server would deliver it to our domain (and our address instead of the corpus's). */
function deliverable(raw: string, replacements: [string, string][] = []): string {
  const [local, domain] = corpus.supportAddress.split('@') as [string, string];
  const [ourLocal, ourDomain] = ours().split('@') as [string, string];
  return replaceInMime(raw, replacements).replace(new RegExp(`${local}(\\+[A-Za-z0-9-]+)?@${domain.replace(/\./g, '\\.')}`, 'g'), `${ourLocal}$1@${ourDomain}`);
}

/** Our stored id of a message: its Message-ID, or the hash of the raw mail as SES stored it. */
async function channelMessageIdOf(response: string | undefined, raw: Buffer): Promise<string> {
  const { messageId } = await parseEmail(raw);
  if (messageId) return messageId;
  const key = /stored as (\S+)/.exec(response ?? '')?.[1];
  const obj = await s3.send(new GetObjectCommand({ Bucket: stack().info.inboundMailBucket!, Key: key! }));
  const { createHash } = await import('node:crypto');
  return `sha256:${createHash('sha256')
    .update(await obj.Body!.transformToByteArray())
    .digest('hex')}`;
}

async function send(name: string, replacements: [string, string][] = []): Promise<void> {
  const e = expected(name);
  const raw = deliverable(readFileSync(join(dir, `${name}.eml`), 'latin1'), replacements);
  const from = e.from?.address ?? `envelope-${name}@senders.example`;
  const bytes = Buffer.from(raw, 'latin1');
  const response = await smtpSend(bytes, { from, to: [ours()] });
  const channelMessageId = await channelMessageIdOf(response, bytes);
  outcomes.set(name, { channelMessageId, sent: false });
}

async function settle(name: string): Promise<void> {
  const outcome = outcomes.get(name)!;
  if (expected(name).expect.ticket === 'none') return;
  const processed = await waitProcessed(outcome.channelMessageId, 30_000);
  outcomes.set(name, { ...outcome, processed, ticketId: processed.ticketId });
}

async function inBatches(list: string[], size: number, fn: (n: string) => Promise<void>) {
  for (let i = 0; i < list.length; i += size) await Promise.all(list.slice(i, i + size).map((n) => fn(n)));
}

/** What a reply fixture quotes, replaced by what Destek really made for the ticket it answers. */
async function runtimeReplacements(name: string): Promise<[string, string][]> {
  const rt = expected(name).runtime ?? {};
  const secret = stackKey('email-reply-token');
  const openerOf = (key: keyof NonNullable<Expected['runtime']>, value: string) =>
    names.find((n) => expected(n).runtime?.[key] === value && expected(n).expect.ticket.startsWith('same-as:'))?.replace(/^/, '') ?? name;
  const opener = (key: keyof NonNullable<Expected['runtime']>, value: string) => expected(openerOf(key, value)).expect.ticket.replace('same-as:', '');
  const out: [string, string][] = [];
  if (rt.ackMessageId) {
    const ticketId = outcomes.get(opener('ackMessageId', rt.ackMessageId))!.ticketId!;
    // The sender records SES's id on the interaction just after SES has the mail: wait for it.
    const ack = await eventually(
      async () => {
        const out = (await ticketWithTimeline(ticketId)).interactions.find((i) => i.direction === 'out');
        return out?.delivery?.providerMessageId ? out : undefined;
      },
      20_000,
      `the acknowledgement of ticket ${ticketId} recorded as sent`,
    );
    const outboundId = String(ack.key).split('#').pop()!;
    // Half the replies quote SES's own Message-ID (SES replaces ours when it sends), half ours.
    const sesStyle = names.indexOf(name) % 2 === 0;
    out.push([
      rt.ackMessageId,
      sesStyle ? `<${ack.delivery.providerMessageId}@eu-west-1.amazonses.com>` : outboundMessageId({ outboundId, ticketId }, ours(), secret),
    ]);
  }
  if (rt.ticketNumber) out.push([`[#${rt.ticketNumber}]`, `[#${outcomes.get(opener('ticketNumber', rt.ticketNumber))!.ticketId}]`]);
  if (rt.replyToken) {
    const ticketId = outcomes.get(opener('replyToken', rt.replyToken))!.ticketId!;
    const address = replyAddress(secret, ours(), ticketId);
    out.push([rt.replyToken, address.slice(address.indexOf('+') + 1, address.indexOf('@'))]);
  }
  return out;
}

function checkText(actual: string, e: TextExpectation, what: string) {
  if (e.equals !== undefined) expect(actual, what).toBe(e.equals);
  for (const c of e.contains ?? []) expect(actual, what).toContain(c);
  for (const c of e.notContains ?? []) expect(actual, what).not.toContain(c);
}

beforeAll(async () => {
  const { info } = stack();
  s3 = new S3Client({ region: info.region, endpoint: info.s3, forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await inBatches(openers, 8, send);
  await inBatches(openers, 8, settle);
  // Replies need the openers' acknowledgements to have gone out (their Message-IDs).
  await Promise.all(
    openers
      .filter((n) => expected(n).expect.autoReply)
      .map((n) =>
        eventually(
          async () => {
            const { interactions } = await ticketWithTimeline(outcomes.get(n)!.ticketId!);
            return interactions.find((i) => i.direction === 'out' && i.delivery?.status === 'sent') ? true : undefined;
          },
          30_000,
          `${n} answered`,
        ),
      ),
  );
  // Sequentially: a reply may open the way for the next (same subject, same sender).
  for (const n of followers) {
    await send(n, await runtimeReplacements(n));
    await settle(n);
  }
  await asyncInvocationsIdle();
}, 240_000);

describe(`the e-mail corpus end to end (SMTP → S3 → ingest → pipeline → DynamoDB → SES), ${names.length} fixtures`, () => {
  it.each(names)('%s', async (name) => {
    const e = expected(name);
    const outcome = outcomes.get(name)!;
    if (e.expect.ticket === 'none') {
      // A delivery report opens nothing; its raw copy stays in the inbound-mail bucket.
      expect(await processedEmail(outcome.channelMessageId)).toBeUndefined();
      return;
    }
    const { processed } = outcome;
    expect(processed, 'processed').toBeDefined();
    if (e.expect.ticket === 'new') {
      // Its ticket holds it and the fixtures that join it, nothing else.
      const sharing = [...outcomes].filter(([n, o]) => n !== name && o.ticketId === outcome.ticketId).map(([n]) => n);
      expect(sharing).toEqual(names.filter((n) => expected(n).expect.ticket === `same-as:${name}`));
    } else {
      expect(outcome.ticketId).toBe(outcomes.get(e.expect.ticket.replace('same-as:', ''))!.ticketId);
    }
    const { ticket, interactions } = await ticketWithTimeline(outcome.ticketId!);
    expect(ticket.channel).toBe('email');
    const inbound = interactions.find((i) => i.messageKey === `email#${outcome.channelMessageId}`)!;
    expect(inbound.email.threadedBy).toBe(threadKinds[e.expect.thread]);
    checkText(inbound.newText ?? inbound.text, e.newText, 'new text');
    // What went wrong reading it is on the interaction, with the raw copy's place.
    if (e.errors.length) expect(inbound.email.problems.join('\n')).toContain(e.errors[0]);
    expect(inbound.email.raw.key).toMatch(/^inbound\//);

    const kept = e.attachments.filter((a) => !a.skipped);
    expect((inbound.attachments ?? []).map((a: any) => ({ filename: a.filename, contentType: a.contentType, size: a.size }))).toEqual(
      kept.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
    );
    for (const a of inbound.attachments ?? []) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: a.bucket, Key: a.key }));
      expect(head.ContentLength).toBe(a.size);
    }

    // The replies this message asked for (the replay guard lists them) and whether they went out.
    const replies = processed!.replies ?? [];
    expect(replies.length > 0, `auto reply (suppressed: ${inbound.autoReplySuppressed})`).toBe(e.expect.autoReply);
    if (e.expect.autoReply) {
      const reply = interactions.find((i) => i.key === replies[0]!.interactionKey)!;
      const mails = await eventually(
        async () => {
          const m = (await sentTo(reply.to)).filter((x) => x.subject.includes(`[#${ticket.id}]`));
          return m.length ? m : undefined;
        },
        20_000,
        'reply in the SES store',
      );
      expect(mails[0]!.replyTo.join()).toMatch(new RegExp(`\\+${ticket.id}-[0-9a-f]{12}@`));
    } else {
      expect(inbound.autoReplySuppressed ?? (ticket.interactionCount > 1 ? 'existing ticket' : undefined)).toBeTruthy();
    }
  });
});
