import { readFileSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import type { DestekStack } from '#lib/destek-stack';
import { synthChecked } from './synth-checked';

const base = loadConfig();
const config = {
  ...base,
  stackName: 'DestekConsoleTest',
  chat: { ...base.chat, allowedOrigins: ['https://shop.example'] },
  agents: { ...base.agents, sessionDays: 14 },
};

let template: Template;
let stack: DestekStack;
let assemblyDir: string | undefined;
let synthError: unknown;

beforeAll(() => {
  ({ template, stack, assemblyDir, synthError } = synthChecked(config));
});

const ref = (token: unknown) => `«${JSON.stringify(token)}»`;
type Resources = Record<string, { Properties: Record<string, unknown> }>;
const consoleDistribution = () => {
  const [entry] = Object.entries(
    template.findResources('AWS::CloudFront::Distribution', { Properties: { DistributionConfig: { Comment: 'Destek agent console' } } }),
  );
  return entry!;
};
const distributionDomain = () => ({ 'Fn::GetAtt': [consoleDistribution()[0], 'DomainName'] });
const consoleCsp = (): string => {
  const [policy] = Object.values(
    template.findResources('AWS::CloudFront::ResponseHeadersPolicy', {
      Properties: { ResponseHeadersPolicyConfig: { Comment: Match.stringLikeRegexp('agent console') } },
    }) as Resources,
  );
  const csp = (policy!.Properties.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } } })
    .SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
  // Fn::Join of literals and references: references written as «…» to read the policy as text.
  return (stack.resolve(csp) as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : ref(p))).join('');
};

describe('the agent console in the CDK stack', () => {
  it('synthesises cdk-nag clean, with no dependency cycle between the console, the API and the buckets', () => {
    expect(synthError).toBeUndefined();
  });

  it('serves the console over CloudFront from a private bucket through origin access control: HTTPS only, HTTP/2 and 3, index.html at the root', () => {
    const [, distribution] = consoleDistribution();
    expect(distribution.Properties.DistributionConfig).toMatchObject({
      DefaultRootObject: 'index.html',
      HttpVersion: 'http2and3',
      DefaultCacheBehavior: { ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] },
      Origins: [{ OriginAccessControlId: expect.anything(), S3OriginConfig: { OriginAccessIdentity: '' } }],
    });
    const bucketRef = (distribution.Properties.DistributionConfig as { Origins: { DomainName: { 'Fn::GetAtt': [string, string] } }[] }).Origins[0]!.DomainName[
      'Fn::GetAtt'
    ][0];
    const bucket = (template.findResources('AWS::S3::Bucket') as Resources)[bucketRef]!;
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketRef } } }) as Resources);
    const statements = policies.flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: { Effect: string; Principal: unknown; Condition?: unknown }[] }).Statement,
    );
    // Only CloudFront, for this distribution, may read; everyone else is refused without TLS.
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([
      expect.objectContaining({ Principal: { Service: 'cloudfront.amazonaws.com' }, Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } } }),
    ]);
  });

  it("sends the widget's security headers and a Content-Security-Policy naming only the region's API hosts, Cognito and the attachments bucket", () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        Comment: Match.stringLikeRegexp('agent console'),
        SecurityHeadersConfig: Match.objectLike({
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000, IncludeSubdomains: true }),
          ReferrerPolicy: Match.objectLike({ ReferrerPolicy: 'strict-origin-when-cross-origin' }),
        }),
      }),
    });
    const csp = consoleCsp();
    const region = ref({ Ref: 'AWS::Region' });
    const suffix = ref({ Ref: 'AWS::URLSuffix' });
    const bucket = ref({ 'Fn::GetAtt': ['DestekDataAttachments66720D91', 'RegionalDomainName'] });
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/connect-src 'self' [^;]*https:\/\/\*\.execute-api\./);
    const connect = csp
      .split('; ')
      .find((d) => d.startsWith('connect-src'))!
      .split(' ');
    expect(connect).toEqual([
      'connect-src',
      "'self'",
      `https://*.execute-api.${region}.${suffix}`,
      `wss://*.execute-api.${region}.${suffix}`,
      // The agents' live socket, by name (the wildcard above covers it too).
      expect.stringMatching(/^wss:\/\/.*DestekAgentLive/),
      `https://cognito-idp.${region}.${suffix}`,
      expect.stringMatching(/^https:\/\/«\{"Ref":"DestekAgentAuthAgentsSignIn\w+"\}»\.auth\..*\.amazoncognito\.com$/),
      `https://${bucket}`,
    ]);
    expect(csp).toContain(`img-src 'self' data: blob: https://${bucket};`);
    // No API URL: the API's CORS names the distribution, so the reverse would be a cycle.
    expect(csp).not.toContain('DestekApiHttp');
  });

  it('signs agents in with the managed login: a domain, and a public client with the authorization-code grant only, returning to the console', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: { 'Fn::Join': ['', ['destekconsoletest-', { Ref: 'AWS::AccountId' }]] } });
    const back = (path: string) => ({ 'Fn::Join': ['', ['https://', distributionDomain(), path]] });
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [back('/'), back('/index.html')],
      LogoutURLs: [back('/'), back('/index.html')],
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 14 * 24 * 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
    });
    template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
  });

  it("lets the console's origin call the API beside the shops' pages", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://shop.example', { 'Fn::Join': ['', ['https://', distributionDomain()]] }] }),
    });
  });

  it('lets the console post upload forms to the attachments bucket and expires uploads no reply sent after a day', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [{ AllowedMethods: ['POST'], AllowedOrigins: ['*'], MaxAge: 3600 }] },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          {
            Id: 'expire-unsent-agent-uploads',
            Status: 'Enabled',
            Prefix: 'uploads/',
            TagFilters: [{ Key: 'destek-upload', Value: 'unsent' }],
            ExpirationInDays: 1,
          },
        ]),
      },
    });
  });

  it('deploys the built console with a config.json made at deploy time; the page revalidated, the hashed chunks cached for a year', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment') as Resources).map((d) => d.Properties);
    const page = deployments.find((d) => JSON.stringify(d.SourceMarkers ?? '').includes('AgentAuthAgentsConsole'))!;
    expect(page).toMatchObject({ SystemMetadata: { 'cache-control': 'no-cache' }, DistributionPaths: ['/*'], Prune: true, Exclude: ['chunks/*'] });
    const chunks = deployments.find((d) => d.DestinationBucketKeyPrefix === 'chunks/')!;
    expect(chunks).toMatchObject({ SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' }, Prune: false });
    // The config.json source: a JSON document whose markers the deployment replaces with the stack's values.
    const markers = (page.SourceMarkers as Record<string, unknown>[]).find((m) => Object.keys(m).length)!;
    const marker = (ref: string) => Object.entries(markers).find(([, v]) => JSON.stringify(v).includes(ref))![0];
    const asset = readdirAssets(assemblyDir!).find((f) => f.includes(marker('DestekApiHttp')))!;
    const configJson = JSON.parse(asset) as Record<string, unknown>;
    expect(configJson).toEqual({
      apiUrl: expect.stringContaining(marker('DestekApiHttp')),
      liveUrl: expect.stringMatching(/^wss:\/\/.+\/live$/),
      auth: {
        kind: 'oidc',
        authority: expect.stringMatching(new RegExp(`^https://cognito-idp\\..+/${marker('DestekAgentAuthAgentsE8B16DA5')}$`)),
        clientId: marker('DestekAgentAuthAgentsConsole'),
        domain: expect.stringMatching(new RegExp(`^https://${marker('AgentsSignIn')}\\.auth\\..+\\.amazoncognito\\.com$`)),
      },
      // The admins' links to an article's page on the site.
      helpUrl: config.shop.helpUrl,
    });
  });

  it('outputs the console URL', () => {
    template.hasOutput('*', { Value: { 'Fn::Join': ['', ['https://', distributionDomain(), '/']] }, Description: Match.stringLikeRegexp('agent console') });
  });
});

/** The JSON files among the synthesised assets (Source.jsonData writes config.json as one, zipped by the deployment). */
function readdirAssets(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'DestekConsoleTest.assets.json'), 'utf8')) as { files: Record<string, { source: { path: string } }> };
  return Object.values(manifest.files).flatMap((f) => {
    try {
      return [readFileSync(join(dir, f.source.path, 'config.json'), 'utf8')];
    } catch {
      return [];
    }
  });
}
