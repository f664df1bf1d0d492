import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';

/** The one place an SES v2 client is made; the endpoint comes from AWS_ENDPOINT_URL_SESV2 when set. */
export function createSesClient(): SESv2Client {
  return new SESv2Client({});
}

/** Sends raw MIME with SES v2 SendEmail; the configuration set routes bounces and complaints to us. */
export async function sendRawEmail(ses: SESv2Client, raw: Buffer, envelope: { from: string; to: string }, configurationSetName?: string): Promise<string> {
  const out = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: envelope.from,
      Destination: { ToAddresses: [envelope.to] },
      Content: { Raw: { Data: raw } },
      ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
    }),
  );
  if (!out.MessageId) throw new Error('SES accepted the mail without a message id');
  return out.MessageId;
}
