import { SesV2Client } from '#adapters/aws/sesv2';
import { PermanentDeliveryError } from '#core/errors';

const permanentSesErrors = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'BadRequestException',
  'AccountSuspendedException',
  'SendingPausedException',
  'NotFoundException',
]);

/** The one place an SES v2 client is made; the endpoint comes from AWS_ENDPOINT_URL_SESV2 when set. */
export function createSesClient(env: NodeJS.ProcessEnv = process.env): SesV2Client {
  return new SesV2Client({ env });
}

/**
 * Sends raw MIME with SES v2 SendEmail; the configuration set routes bounces and complaints to us,
 * and SES publishes the message tags with them.
 */
export async function sendRawEmail(
  ses: SesV2Client,
  raw: Buffer,
  envelope: { from: string; to: string },
  configurationSetName?: string,
  tags: Readonly<Record<string, string>> = {},
): Promise<string> {
  let out;
  try {
    out = await ses.sendEmail({
      FromEmailAddress: envelope.from,
      Destination: { ToAddresses: [envelope.to] },
      Content: { Raw: { Data: raw } },
      ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
      ...(Object.keys(tags).length ? { EmailTags: Object.entries(tags).map(([Name, Value]) => ({ Name, Value })) } : {}),
    });
  } catch (e) {
    // SES refused this mail itself (bad address, unverified sender, on SES's suppression list):
    // another try would be refused too. Throttling and 5xx stay transient and are retried.
    if (permanentSesErrors.has((e as Error).name)) throw new PermanentDeliveryError(`SES refused the mail: ${(e as Error).name}: ${(e as Error).message}`);
    throw e;
  }
  if (!out.MessageId) throw new Error('SES accepted the mail without a message id');
  return out.MessageId;
}
