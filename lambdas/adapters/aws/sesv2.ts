import { AwsClient, type AwsClientOptions } from './client';
import { callRestJson } from './json-protocol';

/** SES v2's SendEmail with raw MIME (REST-JSON): what Destek sends mail with. */
export interface SendRawEmailInput {
  readonly FromEmailAddress: string;
  readonly Destination: { readonly ToAddresses: readonly string[] };
  readonly Content: { readonly Raw: { readonly Data: Uint8Array } };
  readonly ConfigurationSetName?: string;
  readonly EmailTags?: readonly { readonly Name: string; readonly Value: string }[];
}

export class SesV2Client {
  readonly client: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    // SES v2's regional host is email.<region>.amazonaws.com; it signs as "ses".
    this.client = new AwsClient({ signingName: 'ses', endpointId: 'SESV2', hostPrefix: 'email' }, options);
  }

  /** Raw data goes as base64 (a blob in a JSON body). */
  sendEmail(input: SendRawEmailInput): Promise<{ MessageId?: string }> {
    const body = { ...input, Content: { Raw: { Data: Buffer.from(input.Content.Raw.Data).toString('base64') } } };
    return callRestJson(this.client, 'SendEmail', 'POST', '/v2/email/outbound-emails', body);
  }
}
