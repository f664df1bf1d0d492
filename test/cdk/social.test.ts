import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import { routeDefinitions } from '#definitions/routes';
import { synthChecked } from './synth-checked';

let template: Template;
let synthError: unknown;

beforeAll(() => {
  ({ template, synthError } = synthChecked({ ...loadConfig(), stackName: 'DestekSocialTest' }));
});

const fnLogicalId = (description: string) =>
  Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Description: description } }))[0]![0];

describe('social channels in the CDK stack', () => {
  it('synthesises cdk-nag clean', () => {
    expect(synthError).toBeUndefined();
  });

  it("keeps the providers' tokens in the stack's one Secrets Manager secret, as placeholders, beside the generated master key; no real value in the template", () => {
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret'))).toHaveLength(1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        GenerateStringKey: 'masterKey',
        SecretStringTemplate: Match.stringLikeRegexp('"appSecret":"set-me".*"verifyToken":"set-me"'),
      }),
    });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain' });
  });

  it('serves every webhook route on the HTTP API without the agent authorizer', () => {
    const social = routeDefinitions.filter((r) => r.path.startsWith('/webhooks/'));
    expect(social.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /webhooks/whatsapp',
      'POST /webhooks/whatsapp',
      'GET /webhooks/messenger',
      'POST /webhooks/messenger',
      'GET /webhooks/instagram',
      'POST /webhooks/instagram',
      'POST /webhooks/telegram',
    ]);
    for (const r of social) template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: `${r.method} ${r.path}`, AuthorizationType: 'NONE' });
  });

  it('the webhook may only send to the social queue, read the secret and put (never read or delete) large bodies in the attachments bucket; it learns each from its environment', () => {
    const id = fnLogicalId('Verifies WhatsApp, Messenger, Instagram and Telegram webhooks and enqueues their events');
    const fn = template.findResources('AWS::Lambda::Function')[id]!;
    expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(expect.arrayContaining(['SOCIAL_QUEUE_URL', 'SOCIAL_SECRET_ARN', 'ATTACHMENTS_BUCKET']));
    // Only its bindings: the secret by reference, and none of the settings it does not read.
    expect(fn.Properties.Environment.Variables).not.toHaveProperty('SOCIAL_SECRETS');
    expect(fn.Properties.Environment.Variables).not.toHaveProperty('SOCIAL_SETTINGS');
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId));
    const actions = policies.flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
    expect(actions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'secretsmanager:GetSecretValue']));
    expect(actions.some((a: string) => a.startsWith('dynamodb:'))).toBe(false);
    expect(actions.filter((a: string) => a.startsWith('s3:')).every((a: string) => a.startsWith('s3:PutObject') || a === 's3:Abort*')).toBe(true);
  });

  it('the social queue feeds the worker with partial batch failures; the sender may read the secret', () => {
    const worker = fnLogicalId('Copies social media into the attachments bucket, forwards messages, records delivery receipts');
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: worker },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('social'), 'Arn'] },
    });
    const sender = template.findResources('AWS::Lambda::Function')[fnLogicalId('Delivers outbound messages on their channel exactly once')]!;
    expect(sender.Properties.Environment.Variables.SOCIAL_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^DestekSecretsSecret/) });
  });

  it('the sender may read the attachments bucket (the files replies carry) but not write or delete there', () => {
    const sender = template.findResources('AWS::Lambda::Function')[fnLogicalId('Delivers outbound messages on their channel exactly once')]!;
    const roleId = sender.Properties.Role['Fn::GetAtt'][0];
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId));
    const actions = policies.flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject*']));
    expect(actions.filter((a: string) => /^s3:(Put|Delete)/.test(a))).toEqual([]);
    expect(Object.keys(sender.Properties.Environment.Variables)).toContain('ATTACHMENTS_BUCKET');
  });
});
