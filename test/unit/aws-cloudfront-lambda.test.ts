import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudFrontClient } from '#adapters/aws/cloudfront';
import { LambdaClient } from '#adapters/aws/lambda';
import { type RecordedRequest, type RecordingServer, startRecordingServer } from '#test/recording-server';

/** Stands in for the services' endpoints: keeps each request and answers as they do (201 with XML, 202 empty). */
let server: RecordingServer;
let endpoint: string;
let received: RecordedRequest[];

beforeAll(async () => {
  server = await startRecordingServer((req) => {
    if (req.url.includes('missing')) return { status: 404, headers: { 'content-type': 'application/json' }, body: '{"message":"Function not found"}' };
    return req.url.includes('/invalidation') ? { status: 201, body: '<Invalidation/>' } : { status: 202 };
  });
  endpoint = server.url;
  received = server.received;
});
afterAll(() => server.close());

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

describe("CloudFront's CreateInvalidation on our client", () => {
  it('POSTs the paths as an InvalidationBatch to the distribution, signed for cloudfront in us-east-1 whatever the region', async () => {
    const cloudFront = new CloudFrontClient({ endpoint, credentials, env: { AWS_REGION: 'eu-central-1' } });
    await cloudFront.createInvalidation('E2ABC', ['/yardim/*'], 'run-1-3');
    const last = received.at(-1)!;
    expect(last.method).toBe('POST');
    expect(last.url).toBe('/2020-05-31/distribution/E2ABC/invalidation');
    expect(last.headers.authorization).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/cloudfront\/aws4_request/);
    expect(last.body).toContain('<Paths><Quantity>1</Quantity><Items><Path>/yardim/*</Path></Items></Paths><CallerReference>run-1-3</CallerReference>');
  });

  it('uses AWS_ENDPOINT_URL_CLOUDFRONT when set, as the SDK does', async () => {
    const before = received.length;
    await new CloudFrontClient({ credentials, env: { AWS_ENDPOINT_URL_CLOUDFRONT: endpoint } }).createInvalidation('E2ABC', ['/*'], 'r');
    expect(received.length).toBe(before + 1);
  });
});

describe("Lambda's asynchronous Invoke on our client", () => {
  it('POSTs the payload to the function with InvocationType Event, signed for lambda in the region', async () => {
    const lambda = new LambdaClient({ endpoint, credentials, region: 'eu-central-1' });
    await lambda.invokeAsync('arn:aws:lambda:eu-central-1:123456789012:function:Destek-helpCenterPublish', { reason: 'edit' });
    const last = received.at(-1)!;
    expect(last.url).toBe('/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-central-1%3A123456789012%3Afunction%3ADestek-helpCenterPublish/invocations');
    expect(last.headers['x-amz-invocation-type']).toBe('Event');
    expect(last.headers.authorization).toMatch(/\/eu-central-1\/lambda\/aws4_request/);
    expect(JSON.parse(last.body)).toEqual({ reason: 'edit' });
  });

  it("fails with the service's error when the function is not there", async () => {
    const lambda = new LambdaClient({ endpoint, credentials, region: 'eu-central-1', maxAttempts: 1 });
    await expect(lambda.invokeAsync('missing', {})).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});
