import { describe, expect, it } from 'vitest';
import { ApiGatewayManagementClient } from '#adapters/aws/api-gateway-management';
import { LexRuntimeV2Client } from '#adapters/aws/lex-runtime';
import { S3Client } from '#adapters/aws/s3';
import { SchedulerClient } from '#adapters/aws/scheduler';
import { SecretsManagerClient } from '#adapters/aws/secrets-manager';
import { SesV2Client } from '#adapters/aws/sesv2';

const region = { AWS_REGION: 'eu-central-1' };
const services = [
  ['SESV2', (env: NodeJS.ProcessEnv) => new SesV2Client({ env }).client, 'https://email.eu-central-1.amazonaws.com/', 'ses'],
  ['SCHEDULER', (env: NodeJS.ProcessEnv) => new SchedulerClient({ env }).client, 'https://scheduler.eu-central-1.amazonaws.com/', 'scheduler'],
  ['LEX_RUNTIME_V2', (env: NodeJS.ProcessEnv) => new LexRuntimeV2Client({ env }).client, 'https://runtime-v2-lex.eu-central-1.amazonaws.com/', 'lex'],
  [
    'SECRETS_MANAGER',
    (env: NodeJS.ProcessEnv) => new SecretsManagerClient({ env }).client,
    'https://secretsmanager.eu-central-1.amazonaws.com/',
    'secretsmanager',
  ],
] as const;

describe("the AWS service clients' endpoints", () => {
  it.each(services)(
    '%s: the regional host in AWS, AWS_ENDPOINT_URL_%s (the local stand-in) when set; signed for its service',
    (id, make, host, signingName) => {
      expect(make(region).endpoint.href).toBe(host);
      expect(make({ ...region, [`AWS_ENDPOINT_URL_${id}`]: 'http://127.0.0.1:4579' }).endpoint.href).toBe('http://127.0.0.1:4579/');
      expect(make(region).service.signingName).toBe(signingName);
    },
  );

  it("@connections goes to the WebSocket stage's callback URL, path and all", () => {
    const client = new ApiGatewayManagementClient({ endpoint: 'https://abc123.execute-api.eu-central-1.amazonaws.com/prod', env: region }).client;
    expect(client.url('/@connections/Ab%3D').href).toBe('https://abc123.execute-api.eu-central-1.amazonaws.com/prod/@connections/Ab%3D');
    expect(client.service.signingName).toBe('execute-api');
  });

  it('S3 is <bucket>.s3.<region>.amazonaws.com, or AWS_ENDPOINT_URL_S3 with the bucket in the path', async () => {
    const env = { ...region, AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' };
    const link = (s3: S3Client) => s3.presignGetObject({ Bucket: 'attachments', Key: 'a/b.png' }, 60).then((u) => u.split('?')[0]);
    expect(await link(new S3Client({ env }))).toBe('https://attachments.s3.eu-central-1.amazonaws.com/a/b.png');
    expect(await link(new S3Client({ env: { ...env, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569' }, forcePathStyle: true }))).toBe(
      'http://127.0.0.1:4569/attachments/a/b.png',
    );
  });
});
