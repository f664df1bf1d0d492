/**
 * Stands in for `semver` in the Lambda bundles (lambdas/definitions/bundling.ts aliases it here). Its
 * only user there is aws-xray-sdk-core's AWS SDK v2 patcher, which checks the v2 SDK's version when
 * `captureAWS` is called; the functions use SDK v3 (`captureAWSv3Client`) and never call it, so the
 * 29 kB package would only be parsed and run at every cold start that loads the tracer.
 */
export class SdkV2NotBundledError extends Error {
  override name = 'SdkV2NotBundledError';
}

export function gte(): boolean {
  throw new SdkV2NotBundledError('semver is not bundled: only the AWS SDK v2 patcher of aws-xray-sdk-core uses it, and the functions use SDK v3');
}

export default { gte };
