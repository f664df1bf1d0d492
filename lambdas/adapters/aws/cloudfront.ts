import { AwsClient, type AwsClientOptions } from './client';
import { encodeRfc3986 } from './sigv4';

/** CloudFront is global: one endpoint, signed for us-east-1. */
const CLOUDFRONT_SERVICE = { signingName: 'cloudfront', endpointId: 'CLOUDFRONT', hostPrefix: 'cloudfront', name: 'CloudFront' } as const;
const GLOBAL_ENDPOINT = 'https://cloudfront.amazonaws.com';

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** CloudFront's CreateInvalidation (REST-XML): the one call the help center's publisher makes. */
export class CloudFrontClient {
  readonly aws: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    const env = options.env ?? process.env;
    this.aws = new AwsClient(CLOUDFRONT_SERVICE, {
      ...options,
      region: 'us-east-1',
      endpoint: options.endpoint ?? env.AWS_ENDPOINT_URL_CLOUDFRONT ?? env.AWS_ENDPOINT_URL ?? GLOBAL_ENDPOINT,
    });
  }

  /** Drops the cached copies of these paths (a wildcard path counts as one); the reference makes a retry the same request. */
  async createInvalidation(distributionId: string, paths: readonly string[], callerReference: string): Promise<void> {
    const items = paths.map((p) => `<Path>${escapeXml(p)}</Path>`).join('');
    await this.aws.send({
      operation: 'CreateInvalidation',
      method: 'POST',
      path: `/2020-05-31/distribution/${encodeRfc3986(distributionId)}/invalidation`,
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?><InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Paths><Quantity>${paths.length}</Quantity><Items>${items}</Items></Paths><CallerReference>${escapeXml(callerReference)}</CallerReference></InvalidationBatch>`,
    });
  }
}
