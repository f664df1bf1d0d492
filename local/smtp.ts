import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { SMTPServer } from 'smtp-server';
import { INBOUND_MAIL_PREFIX } from '#definitions/async-invocations';

export interface LocalSmtpOptions {
  readonly port: number;
  readonly s3: S3Client;
  readonly bucket: string;
  /** The Lambda client the receipt rule's Lambda action invokes with (the local Invoke endpoint). */
  readonly lambda: LambdaClient;
  /** The ingest function's ARN (the receipt rule's Lambda action names it). */
  readonly functionArn: string;
  /** Domains the receipt rule accepts mail for; other recipients are refused as SES would. */
  readonly domains: readonly string[];
  readonly maxMessageBytes: number;
}

/** SES scans mail and writes its verdicts into headers; locally a message may carry them itself (tests). */
function headerVerdict(raw: Buffer, name: string): string | undefined {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const m = new RegExp(`^${name}:\\s*(\\w+)`, 'im').exec(end < 0 ? head : head.slice(0, end));
  return m?.[1]?.toUpperCase();
}

/**
 * The event SES's receipt rule hands its Lambda action for a message the rule's S3 action stored under
 * inbound/ + messageId (tests replay it too): mail and receipt with the verdicts, no body.
 */
export function sesReceiptEvent(m: { raw: Buffer; sesId: string; timestamp: string; source: string; recipients: string[]; functionArn: string }) {
  const verdict = (header: string, fallback: string) => ({ status: headerVerdict(m.raw, header) ?? fallback });
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: { timestamp: m.timestamp, source: m.source, messageId: m.sesId, destination: m.recipients, headersTruncated: false },
          receipt: {
            timestamp: m.timestamp,
            processingTimeMillis: 0,
            recipients: m.recipients,
            spamVerdict: verdict('X-SES-Spam-Verdict', 'PASS'),
            virusVerdict: verdict('X-SES-Virus-Verdict', 'PASS'),
            spfVerdict: verdict('X-SES-SPF-Verdict', 'GRAY'),
            dkimVerdict: verdict('X-SES-DKIM-Verdict', 'GRAY'),
            dmarcVerdict: verdict('X-SES-DMARC-Verdict', 'GRAY'),
            action: { type: 'Lambda', functionArn: m.functionArn, invocationType: 'Event' },
          },
        },
      },
    ],
  };
}

/**
 * SES inbound, locally: an SMTP server whose every accepted message is stored in the local S3 bucket
 * under inbound/ + message id (the receipt rule's S3 action), then handed to the ingest function by an
 * asynchronous Lambda Invoke with SES's event (the rule's Lambda action), so the same function runs
 * with the same retries and dead-letter queue as in AWS. SPF/DKIM/DMARC are not checked here:
 * GRAY unless the message carries X-SES-SPF-Verdict / X-SES-DKIM-Verdict / X-SES-DMARC-Verdict (tests
 * set them per message); spam and virus are PASS unless it carries X-SES-Spam-Verdict / X-SES-Virus-Verdict.
 * These headers are read only here, into the event; the ingest function trusts the event.
 */
export async function startLocalSmtp(opts: LocalSmtpOptions): Promise<{ endpoint: string; port: number; close: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // A little over the channel's limit, so an oversized mail is still stored (and reported) whole.
    size: opts.maxMessageBytes * 2,
    onRcptTo(address, _session, callback) {
      const domain = address.address.slice(address.address.lastIndexOf('@') + 1).toLowerCase();
      if (!opts.domains.includes(domain)) return callback(new Error(`550 no receipt rule for ${address.address}`));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) return callback(new Error('552 message exceeds the size limit'));
        const now = new Date().toISOString();
        const sesId = randomUUID().replace(/-/g, '');
        const key = `${INBOUND_MAIL_PREFIX}${sesId}`;
        const mailFrom = session.envelope.mailFrom;
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        const event = sesReceiptEvent({ raw, sesId, timestamp: now, source: mailFrom ? mailFrom.address : '', recipients, functionArn: opts.functionArn });
        opts.s3
          .send(new PutObjectCommand({ Bucket: opts.bucket, Key: key, Body: raw }))
          .then(() =>
            opts.lambda.send(new InvokeCommand({ FunctionName: opts.functionArn, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(event)) })),
          )
          .then(
            () => callback(null, `250 stored as ${key}`),
            (e: Error) => callback(new Error(`451 could not store the message: ${e.message}`)),
          );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  return {
    endpoint: `smtp://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
