/** What CloudFormation sends a custom resource's function (the fields Destek reads). */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
}

export const isCustomResourceEvent = (event: unknown): event is CustomResourceEvent =>
  typeof event === 'object' && event !== null && 'RequestType' in event && 'ResponseURL' in event;

/**
 * Tells CloudFormation the resource is done: a PUT of the answer to the presigned S3 URL it gave
 * (signed without a content type, so none is sent). A second answer to the same request overwrites
 * the first, which CloudFormation has already read: a retried run may answer again.
 */
export async function answerCloudFormation(event: CustomResourceEvent, physicalResourceId: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  const body = JSON.stringify({
    Status: 'SUCCESS',
    PhysicalResourceId: event.PhysicalResourceId ?? physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  const res = await fetchImpl(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body });
  if (!res.ok) throw new Error(`CloudFormation's response URL answered ${res.status}`);
}
