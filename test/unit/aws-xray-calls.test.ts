import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import xray from 'aws-xray-sdk-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClient } from '#adapters/aws/client';
import { DocumentClient, DYNAMODB_SERVICE, GetCommand } from '#adapters/aws/dynamodb';
import { xraySubsegments } from '#adapters/aws/xray-calls';

/** A DynamoDB endpoint on a local port: GetItem answers an item, anything else a failed condition; keeps the trace headers it got. */
let server: Server;
let endpoint: string;
const traceHeaders: (string | undefined)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      traceHeaders.push(req.headers['x-amzn-trace-id'] as string | undefined);
      if (req.headers['x-amz-target'] === 'DynamoDB_20120810.GetItem') res.writeHead(200, { 'x-amzn-requestid': 'rid-1' }).end('{"Item":{"pk":{"S":"a"}}}');
      else res.writeHead(400).end('{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"no"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const traced = (segment: xray.Segment | undefined) => {
  const aws = new AwsClient(DYNAMODB_SERVICE, { region: 'eu-central-1', endpoint, credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  aws.tracer = xraySubsegments(() => segment);
  return new DocumentClient(aws);
};

describe('AWS calls as X-Ray subsegments', () => {
  it('records each call as a subsegment named by service and operation, and passes the trace on to the service', async () => {
    const segment = new xray.Segment('pipeline');
    await traced(segment).send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
    const [sub] = segment.subsegments ?? [];
    expect(sub).toMatchObject({ name: 'DynamoDB.GetItem', namespace: 'aws', aws: { operation: 'GetItem', region: 'eu-central-1', request_id: 'rid-1' } });
    expect((sub as unknown as { end_time: number }).end_time).toBeGreaterThan(0);
    expect(traceHeaders.at(-1)).toBe(`Root=${segment.trace_id};Parent=${sub!.id};Sampled=1`);
  });

  it("marks a failed call's subsegment with the error, and the error still reaches the caller", async () => {
    const segment = new xray.Segment('sender');
    const failed = traced(segment).aws.send({
      operation: 'PutItem',
      method: 'POST',
      path: '/',
      headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem' },
      body: '{}',
    });
    await expect(failed).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    const [sub] = segment.subsegments ?? [];
    expect(sub).toMatchObject({ name: 'DynamoDB.PutItem', error: true, http: { response: { status: 400 } } });
    expect(sub).not.toHaveProperty('fault');
  });

  it('sends the call untouched outside a traced invocation', async () => {
    const out = await traced(undefined).send(new GetCommand({ TableName: 't', Key: { pk: 'a' } }));
    expect(out.Item).toEqual({ pk: 'a' });
    expect(traceHeaders.at(-1)).toBeUndefined();
  });
});
