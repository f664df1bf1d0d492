import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudFrontClient } from '#adapters/aws/cloudfront';
import { LambdaClient } from '#adapters/aws/lambda';

/** Stands in for the services' endpoints: keeps each request and answers as they do (201 with XML, 202 empty). */
let server: Server;
let endpoint: string;
const received: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url?.includes('missing')) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Function not found"}');
      res.writeHead(req.url?.includes('/invalidation') ? 201 : 202).end(req.url?.includes('/invalidation') ? '<Invalidation/>' : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

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
