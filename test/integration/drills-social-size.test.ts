import { randomInt } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { QueryCommand } from '#adapters/aws/dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#adapters/table-keys';
import { WEBHOOK_MAX_BYTES } from '#channels/social/bound-event';
import { DEFAULT_LOCAL_SOCIAL_SECRETS } from '#config/social';
import { signMetaBody } from '#channels/social/meta-signature';
import { LOCAL_WHATSAPP_PHONE_NUMBER_ID, whatsAppMessagePayload } from '#local/social-payloads';
import { db, getItem } from './email-helpers';
import { eventually, stack } from './helpers';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

async function postSigned(body: string) {
  const res = await fetch(`${stack().info.api}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(body, DEFAULT_LOCAL_SOCIAL_SECRETS.appSecret) },
    body,
  });
  return { status: res.status, text: await res.text() };
}

/** The inbound interaction of the number's WhatsApp ticket, once the pipeline has written it (after the thread and the ticket). */
async function inboundOf(number: string) {
  return eventually(
    async () => {
      const { pk, sk } = keys.thread('whatsapp', `${LOCAL_WHATSAPP_PHONE_NUMBER_ID}/${number}`);
      const thread = await getItem(pk, sk);
      if (!thread) return undefined;
      const out = await db().send(
        new QueryCommand({
          TableName: stack().info.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :i)',
          ExpressionAttributeValues: { ':pk': `TICKET#${thread.ticketId}`, ':i': 'INTERACTION#' },
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? []).find((i) => i.direction === 'in');
    },
    30_000,
    `the WhatsApp message of ${number}`,
  );
}

async function objectText(bucket: string, key: string) {
  const { info } = stack();
  const s3 = new S3Client({ region: info.region, endpoint: info.s3, forcePathStyle: true, credentials });
  const text = await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString('utf8');
  s3.destroy();
  return text;
}

describe('drills: a signed social message acknowledged with 200 is stored, whatever its size', () => {
  for (const kb of [600, 2048]) {
    it(`a ${kb} KB WhatsApp text becomes a ticket with a preview; the whole text is in the attachments bucket`, async () => {
      const number = `90533${randomInt(1_000_000, 9_999_999)}`;
      const text = `Siparişim nerede? ${'Çok bekledim, ığdır şüşü. '.repeat(Math.ceil((kb * 1024) / 30))}`;
      const body = JSON.stringify(whatsAppMessagePayload({ from: number, text }, `wamid.big-${number}`));
      expect((await postSigned(body)).status).toBe(200);
      const inbound = await inboundOf(number);
      expect(inbound.text.startsWith('Siparişim nerede?')).toBe(true);
      const file = (inbound.attachments as { bucket: string; key: string; filename: string }[]).find((a) => a.filename === 'message.txt')!;
      expect((await objectText(file.bucket, file.key)) === text).toBe(true);
    });
  }

  it(`a body over ${WEBHOOK_MAX_BYTES} bytes is refused with 413 and a JSON message`, async () => {
    const body = JSON.stringify(whatsAppMessagePayload({ from: '905330000000', text: 'x'.repeat(WEBHOOK_MAX_BYTES) }, 'wamid.too-big'));
    const res = await postSigned(body);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error.message).toContain(String(WEBHOOK_MAX_BYTES));
  });
});
