import type { Segment, Subsegment } from 'aws-xray-sdk-core';
import type { CallTracer } from './client';

/**
 * Every call of a client as an X-Ray subsegment named by service and operation ("DynamoDB.GetItem"),
 * in the AWS namespace, with the trace header on the request, as the X-Ray SDK records the AWS
 * SDK's calls. Outside a traced invocation (no segment) the call goes out untouched.
 */
export const xraySubsegments =
  (currentSegment: () => Segment | Subsegment | undefined): CallTracer =>
  async ({ service, operation, region }, send) => {
    const parent = currentSegment();
    if (!parent) return send();
    const sub = parent.addNewSubsegment(`${service}.${operation}`);
    sub.namespace = 'aws';
    const root = 'segment' in parent ? parent.segment : parent;
    try {
      const res = await send({ 'x-amzn-trace-id': `Root=${root.trace_id};Parent=${sub.id};Sampled=${sub.notTraced ? 0 : 1}` });
      sub.addAttribute('aws', { operation, region, request_id: res.headers['x-amzn-requestid'] ?? res.headers['x-amz-request-id'] });
      sub.close();
      return res;
    } catch (error) {
      // X-Ray's rule: an answer in 4xx is an error (a throttle besides), anything else a fault with its cause.
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      sub.addAttribute('aws', { operation, region });
      if (status !== undefined && status < 500) {
        if (status === 429 || (error as Error).name.includes('Throttl')) sub.addThrottleFlag();
        sub.addErrorFlag();
        sub.addAttribute('http', { response: { status } });
        sub.close();
      } else sub.close(error as Error, true);
      throw error;
    }
  };
