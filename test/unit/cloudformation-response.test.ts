import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerCloudFormation, type CustomResourceEvent, isCustomResourceEvent } from '#adapters/cloudformation-response';
import { type RecordedRequest, type RecordingServer, startRecordingServer } from '#test/recording-server';

/** A stand-in for the presigned S3 URL CloudFormation gives: it keeps what was PUT and answers with the status asked for. */
let server: RecordingServer;
let base: string;
let received: RecordedRequest[];

beforeAll(async () => {
  server = await startRecordingServer((req) => ({ status: req.url.includes('expired') ? 403 : 200 }));
  base = server.url;
  received = server.received;
});
afterAll(() => server.close());

const event = (over: Partial<CustomResourceEvent> = {}): CustomResourceEvent => ({
  RequestType: 'Update',
  ResponseURL: `${base}/cfn-response?X-Amz-Signature=abc`,
  StackId: 'arn:aws:cloudformation:eu-central-1:123456789012:stack/Destek/1',
  RequestId: 'request-1',
  LogicalResourceId: 'HelpCenterRepublish',
  ...over,
});

describe("the republish custom resource's answer to CloudFormation", () => {
  it('PUTs SUCCESS with the request, stack and resource ids to the presigned URL, without a content type', async () => {
    await answerCloudFormation(event({ RequestType: 'Create' }), 'help-center-republish');
    const last = received.at(-1)!;
    expect(last.method).toBe('PUT');
    expect(last.url).toBe('/cfn-response?X-Amz-Signature=abc');
    expect(last.headers['content-type'] ?? '').toBe('');
    expect(JSON.parse(last.body)).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'help-center-republish',
      StackId: 'arn:aws:cloudformation:eu-central-1:123456789012:stack/Destek/1',
      RequestId: 'request-1',
      LogicalResourceId: 'HelpCenterRepublish',
    });
  });

  it('keeps the physical id CloudFormation already has, so an update never replaces the resource', async () => {
    await answerCloudFormation(event({ PhysicalResourceId: 'from-before' }), 'help-center-republish');
    expect(JSON.parse(received.at(-1)!.body).PhysicalResourceId).toBe('from-before');
  });

  it('fails when the URL refuses the answer, so the run fails and Lambda tries again', async () => {
    await expect(answerCloudFormation(event({ ResponseURL: `${base}/expired` }), 'x')).rejects.toThrow(/answered 403/);
  });

  it("tells CloudFormation's events from a publish request", () => {
    expect(isCustomResourceEvent(event())).toBe(true);
    expect(isCustomResourceEvent({ force: true, reason: 'deployment' })).toBe(false);
  });
});
