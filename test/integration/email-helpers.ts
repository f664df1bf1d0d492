import { fromItem } from '#adapters/table-keys';
import { DocumentClient, GetCommand, QueryCommand } from '#adapters/aws/dynamodb';
import nodemailer from 'nodemailer';
import { eventually, stack } from './helpers';

let doc: DocumentClient | undefined;
export function db(): DocumentClient {
  const { info } = stack();
  doc ??= new DocumentClient({ region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return doc;
}

export const supportAddress = () => stack().info.supportAddresses![0]!;

/** A plain-text customer mail to the first support address, as raw MIME. */
export function mail(o: { from: string; subject: string; id: string; body: string; inReplyTo?: string; extra?: string[] }) {
  return [
    `From: ${o.from}`,
    `To: ${supportAddress()}`,
    `Subject: ${o.subject}`,
    `Message-ID: ${o.id}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    ...(o.extra ?? []),
    'Date: Mon, 23 Nov 2026 10:00:00 +0300',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
    '',
  ].join('\r\n');
}

/** Sends raw MIME to the local SMTP server, as a mail server would (envelope sender and recipients). */
export async function smtpSend(raw: string | Buffer, envelope: { from: string; to: string[] }): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: stack().info.smtpPort!, secure: false, ignoreTLS: true });
  try {
    return (await transport.sendMail({ envelope, raw })).response;
  } finally {
    transport.close();
  }
}

export async function getItem(pk: string, sk: string): Promise<Record<string, any> | undefined> {
  const out = await db().send(new GetCommand({ TableName: stack().info.tableName, Key: { pk, sk }, ConsistentRead: true }));
  return out.Item;
}

/** The processed-message record of an e-mail (the pipeline's replay guard): which ticket it went to. */
export const processedEmail = (channelMessageId: string) => getItem(`MESSAGE#email#${channelMessageId}`, 'MESSAGE');

export const waitProcessed = (channelMessageId: string, timeoutMs = 20_000) =>
  eventually(() => processedEmail(channelMessageId), timeoutMs, `e-mail ${channelMessageId} processed`);

export async function ticketWithTimeline(ticketId: string) {
  const out = await db().send(
    new QueryCommand({
      TableName: stack().info.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `TICKET#${ticketId}` },
      ConsistentRead: true,
    }),
  );
  const items = out.Items ?? [];
  // As the store reads them (the id, ticket and customer of an interaction live in its keys).
  const interactions = items.filter((i) => String(i.sk).startsWith('INTERACTION#')).map((i) => fromItem<Record<string, any>>(i));
  return { ticket: items.find((i) => i.sk === 'TICKET')!, interactions };
}

export interface SentMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  /** Files of a raw mail, as the SES stand-in parsed them (content base64). */
  attachments?: { filename: string; contentType: string; content: string }[];
  /** The headers of a raw mail as we sent it (the local SES front keeps them). */
  headers?: { name: string; value: string }[];
  /** The message tags it was sent with (the local SES front keeps them). */
  tags?: Record<string, string>;
}

/** A header of a sent mail, by case-insensitive name. */
export const header = (m: SentMail, name: string) => m.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

/** Mail the local SES stand-in has accepted. */
export async function sesStore(): Promise<SentMail[]> {
  const res = await fetch(`${stack().info.ses}/store`);
  return ((await res.json()) as { emails: SentMail[] }).emails;
}

export const sentTo = async (address: string) =>
  (await sesStore()).filter((m) => m.destination.to.some((t) => t.toLowerCase().includes(address.toLowerCase())));
