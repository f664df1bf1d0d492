import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import type { DestekStack } from '#lib/destek-stack';
import { synthChecked } from './synth-checked';

const base = loadConfig();
const config = { ...base, stackName: 'DestekHelpTest', shop: { ...base.shop, helpUrl: 'https://shop.example/yardim' }, helpCenter: { color: '#7a1f2b' } };

let template: Template;
let stack: DestekStack;
let synthError: unknown;

beforeAll(() => {
  ({ template, stack, synthError } = synthChecked(config));
});

type Resources = Record<string, { Properties: Record<string, any> }>;
const helpDistribution = () => {
  const [entry] = Object.entries(
    template.findResources('AWS::CloudFront::Distribution', { Properties: { DistributionConfig: { Comment: 'Destek help center' } } }) as Resources,
  );
  return entry!;
};
const ref = (token: unknown) => `«${JSON.stringify(token)}»`;

describe('the help center in the CDK stack', () => {
  it('synthesises cdk-nag clean', () => {
    expect(synthError).toBeUndefined();
  });

  it("is served by CloudFront from a private bucket under shop.helpUrl's path, clean URLs by a viewer-request function, the 404 page for a missing key", () => {
    const [, distribution] = helpDistribution();
    const cfg = distribution.Properties.DistributionConfig;
    expect(cfg).toMatchObject({
      DefaultRootObject: 'yardim/index.html',
      HttpVersion: 'http2and3',
      DefaultCacheBehavior: {
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        Compress: true,
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: expect.anything() }],
      },
      // The bucket, and the API for the events path (below).
      Origins: [{ OriginAccessControlId: expect.anything(), S3OriginConfig: { OriginAccessIdentity: '' } }, { CustomOriginConfig: expect.anything() }],
    });
    expect(cfg.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/yardim/404.html', ErrorCachingMinTTL: 60 },
      { ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/yardim/404.html', ErrorCachingMinTTL: 60 },
    ]);
    const [fn] = Object.values(template.findResources('AWS::CloudFront::Function') as Resources).filter((f) =>
      String(f.Properties.FunctionCode).includes("request.uri = uri + 'index.html'"),
    );
    expect(fn!.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
  });

  it('deploys the built site under yardim/ with chat.json naming the widget and the API at deploy time', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment') as Resources).filter(
      (d) => d.Properties.DestinationBucketKeyPrefix === 'yardim/',
    );
    expect(deployments).toHaveLength(1);
    const props = deployments[0]!.Properties;
    expect(props.SourceObjectKeys).toHaveLength(2);
    expect(props.DistributionPaths).toEqual(['/yardim/*']);
    const markers = JSON.stringify(props.SourceMarkers);
    expect(markers).toMatch(/WidgetCdn/);
    expect(markers).toMatch(/DestekApi/);
  });

  it("sends a Content-Security-Policy allowing its own files, the widget's host and the region's API hosts only", () => {
    const [policy] = Object.values(
      template.findResources('AWS::CloudFront::ResponseHeadersPolicy', {
        Properties: { ResponseHeadersPolicyConfig: { Comment: Match.stringLikeRegexp('help center') } },
      }) as Resources,
    );
    const raw = policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
    const csp = (stack.resolve(raw) as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : ref(p))).join('');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self' https:\/\/«[^»]*WidgetCdn[^»]*»;/);
    expect(csp).toContain("style-src 'self';");
    expect(csp).toMatch(/connect-src 'self' https:\/\/\*\.execute-api\.[^ ]+ wss:\/\/\*\.execute-api\.[^;]+;/);
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('has a publisher function bound to the table and the site (bucket, yardim/ prefix, distribution, asset paths), and the agent API may invoke it alone', () => {
    const functions = template.findResources('AWS::Lambda::Function') as Resources;
    const [publisherId, publisher] = Object.entries(functions).find(([, f]) => String(f.Properties.Description).startsWith('Renders the help center'))!;
    const env = publisher.Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'TABLE_NAME',
        'HELP_CENTER_BUCKET',
        'HELP_CENTER_PREFIX',
        'HELP_CENTER_DISTRIBUTION_ID',
        'HELP_CENTER_SITE',
        'HELP_CENTER_SETTINGS',
      ]),
    );
    expect(env.HELP_CENTER_PREFIX).toBe('yardim/');
    const site = JSON.parse(env.HELP_CENTER_SITE);
    expect(site).toEqual({
      baseUrl: 'https://shop.example/yardim/',
      cssPath: expect.stringMatching(/^assets\/site\.[0-9a-f]+\.css$/),
      jsPath: expect.stringMatching(/^assets\/help\.[0-9a-f]+\.js$/),
    });
    expect(JSON.parse(env.HELP_CENTER_SETTINGS)).toMatchObject({ shop: { helpUrl: 'https://shop.example/yardim' }, color: '#7a1f2b', defaultLocale: 'tr' });

    const [, agentApi] = Object.entries(functions).find(([, f]) => String(f.Properties.Description).startsWith('Agent dashboard API'))!;
    expect(agentApi.Properties.Environment.Variables.HELP_CENTER_PUBLISHER).toEqual({ Ref: publisherId });
    const policies = Object.values(template.findResources('AWS::IAM::Policy') as Resources).map((p) => JSON.stringify(p.Properties));
    const invokers = policies.filter((p) => p.includes('lambda:InvokeFunction') && p.includes(publisherId));
    // The agent API's role alone: CloudFormation calls the republish custom resource's function as the deployer.
    expect(invokers.length).toBe(1);
    const publisherPolicy = policies.find((p) => p.includes('cloudfront:CreateInvalidation'))!;
    expect(publisherPolicy).toContain('s3:DeleteObject');
    expect(publisherPolicy).toMatch(/"\/yardim\/\*"/);
  });

  it("renders the admins' articles again after each deployment that writes the shipped site, which removes nothing itself", () => {
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment') as Resources).filter(
      (d) => d.Properties.DestinationBucketKeyPrefix === 'yardim/',
    );
    expect(deployment!.Properties.Prune).toBe(false);
    const functions = template.findResources('AWS::Lambda::Function') as Resources;
    const [publisherId] = Object.entries(functions).find(([, f]) => String(f.Properties.Description).startsWith('Renders the help center'))!;
    const [republish] = Object.values(template.findResources('Custom::HelpCenterRepublish') as Resources);
    expect(republish!.Properties.ServiceToken).toEqual({ 'Fn::GetAtt': [publisherId, 'Arn'] });
    // The site's hash: a new build is an update, which renders again; the same build changes nothing.
    expect(republish!.Properties.site).toMatch(/^[0-9a-f]{16}$/);
    expect((republish! as unknown as { DependsOn: string[] }).DependsOn.some((d) => d.includes('Site'))).toBe(true);
    // No provider function of its own beside the publisher.
    expect(Object.keys(template.findResources('Custom::AWS')).filter((id) => id.includes('Republish'))).toEqual([]);
  });

  it("forwards the site's events path, uncached and without its Host header, to the API's POST /help-center/events", () => {
    const [, distribution] = helpDistribution();
    const cfg = distribution.Properties.DistributionConfig;
    expect(cfg.CacheBehaviors).toEqual([
      expect.objectContaining({
        PathPattern: '/yardim/events',
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: expect.arrayContaining(['POST']),
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: expect.anything() }],
      }),
    ]);
    const apiOrigin = cfg.Origins.find((o: any) => o.CustomOriginConfig);
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(JSON.stringify(apiOrigin.DomainName)).toMatch(/DestekApi/);
    const [fn] = Object.values(template.findResources('AWS::CloudFront::Function') as Resources).filter((f) =>
      String(f.Properties.FunctionCode).includes("event.request.uri = '/help-center/events'"),
    );
    expect(fn).toBeDefined();
  });

  it("lets any origin read its files (the widget fetches suggest.json from the shop's pages), without credentials", () => {
    const [policy] = Object.values(
      template.findResources('AWS::CloudFront::ResponseHeadersPolicy', {
        Properties: { ResponseHeadersPolicyConfig: { Comment: Match.stringLikeRegexp('help center') } },
      }) as Resources,
    );
    expect(policy!.Properties.ResponseHeadersPolicyConfig.CorsConfig).toMatchObject({
      AccessControlAllowOrigins: { Items: ['*'] },
      AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
      AccessControlAllowCredentials: false,
    });
  });

  it('outputs the help center URL', () => {
    const outputs = Object.entries(template.findOutputs('*')).filter(([id]) => id.includes('HelpCenterUrl'));
    expect(outputs).toHaveLength(1);
    expect(JSON.stringify(outputs[0]![1].Value)).toContain('/yardim/');
    expect(outputs[0]![1].Description).toContain('https://shop.example/yardim');
  });
});
