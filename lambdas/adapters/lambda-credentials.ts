/**
 * Stands in for @aws-sdk/credential-provider-node in the Lambda bundles (lambdas/definitions/bundling.ts
 * aliases it here). Lambda always gives a function its role's credentials in AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, and the local stack sets them too, so the default chain's
 * SSO, profile, process, web-identity and instance-metadata providers (a sixth of a small bundle, parsed
 * at every cold start) are never used there. Code run outside the bundles (CLI, tests) keeps the chain.
 */
export class MissingCredentialsError extends Error {
  override name = 'MissingCredentialsError';
}

export const defaultProvider = () => async () => {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey)
    throw new MissingCredentialsError('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them for the function role)');
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
};
export const credentialsWillNeedRefresh = () => false;
export const credentialsTreatedAsExpired = () => false;
