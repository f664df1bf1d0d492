import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomResource, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { DestekConfig } from '#config/config';
import { loadIntents } from '#definitions/bot/load';
import { helpCenterSiteSettings } from '#config/settings';
import { builtSiteHash, buildHelpCenterSync, helpCenterContentSecurityPolicy, siteAssetPaths } from '#definitions/help-center';
import { HELP_EVENTS_ROUTE } from '#definitions/routes';
import { EVENTS_PATH } from '#helpcenter/render';
import { privateBucket } from './data';

export interface HelpCenterProps {
  /** Where package.json and helpcenter/ are. */
  readonly projectRoot: string;
  readonly config: DestekConfig;
  /** The chat widget's script (the chat construct's widget.js) and the API it talks to: written to chat.json at deploy time. */
  readonly widgetUrl: string;
  readonly apiUrl: string;
  /** The customer files' bucket: files shown in the chat are signed links to it. */
  readonly attachments: Bucket;
  /** Where the help center bucket's server access logs go. */
  readonly accessLogs: Bucket;
  /** Renders the site again from the articles as admins left them: granted the bucket and the invalidation here. */
  readonly publisher: IFunction;
}

/**
 * Clean URLs on S3: /yardim/tr/kargo-takibi/ is that folder's index.html, and a path without its
 * slash (and without a file extension) is redirected to it. A viewer-request CloudFront Function
 * (JavaScript runtime 2.0), the cheapest kind.
 */
const CLEAN_URLS = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) { request.uri = uri + 'index.html'; return request; }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    var qs = Object.keys(request.querystring).map(function (k) { return k + '=' + request.querystring[k].value; }).join('&');
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: uri + '/' + (qs ? '?' + qs : '') } } };
  }
  return request;
}`;

/** The site's events path (a form post, a beacon) to the API's route: a viewer-request function rewrites the path only. */
const toEventsRoute = (route: string) => `function handler(event) {
  event.request.uri = '${route}';
  return event.request;
}`;

/**
 * The help center on AWS: the static site (lambdas/definitions/help-center.ts) in a private bucket
 * behind CloudFront, under the path of `shop.helpUrl` (https://shop.example/yardim → /yardim/), the
 * address its canonical, hreflang and sitemap URLs name: a shop serves it there by routing that path
 * to this distribution (or its own domain). chat.json, with the widget's and the API's URLs, is
 * written at deploy time, so the pages are built once, at synthesis.
 */
export class HelpCenter extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  readonly deployment: BucketDeployment;
  /** The site's path under its host, with both slashes ("/yardim/"). */
  readonly basePath: string;
  /** What the publisher needs to render pages that link the deployed stylesheet and script (HELP_CENTER_SITE). */
  readonly site: { readonly baseUrl: string; readonly cssPath: string; readonly jsPath: string };

  constructor(scope: Construct, id: string, props: HelpCenterProps) {
    super(scope, id);
    const { config } = props;
    const publicUrl = new URL(config.shop.helpUrl.endsWith('/') ? config.shop.helpUrl : `${config.shop.helpUrl}/`);
    this.basePath = publicUrl.pathname;
    const built = join(mkdtempSync(join(tmpdir(), 'destek-help-')), 'site');
    const files = buildHelpCenterSync({
      projectRoot: props.projectRoot,
      outDir: built,
      knownIntents: new Set(loadIntents().map((i) => i.name)),
      settings: { baseUrl: publicUrl.href, ...helpCenterSiteSettings(config) },
    });
    this.site = { baseUrl: publicUrl.href, ...siteAssetPaths(files) };
    this.bucket = privateBucket(this, 'Files', { serverAccessLogs: props.accessLogs });
    this.bucket.applyRemovalPolicy(RemovalPolicy.DESTROY);
    const { region, urlSuffix } = Stack.of(this);
    this.headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Destek help center: security headers and Content-Security-Policy',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: helpCenterContentSecurityPolicy({
            scripts: [originOf(props.widgetUrl)],
            // The widget's API and socket: any execute-api host of the region, as for the console (naming the API would make a cycle).
            connect: [`https://*.execute-api.${region}.${urlSuffix}`, `wss://*.execute-api.${region}.${urlSuffix}`],
            images: [`https://${props.attachments.bucketRegionalDomainName}`],
          }),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
      // Public files: the chat widget on the shop's pages fetches <locale>/suggest.json across origins.
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowHeaders: ['*'],
        accessControlAllowCredentials: false,
        originOverride: true,
      },
    });
    const cleanUrls = new CloudFrontFunction(this, 'CleanUrls', { code: FunctionCode.fromInline(CLEAN_URLS), runtime: FunctionRuntime.JS_2_0 });
    const notFound = { responseHttpStatus: 404, responsePagePath: `${this.basePath}404.html`, ttl: Duration.minutes(1) };
    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Destek help center',
      defaultRootObject: `${this.basePath.slice(1)}index.html`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: this.headers,
        functionAssociations: [{ function: cleanUrls, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      // A missing key is a 403 from S3 behind origin access control: both are the site's 404 page.
      // "Did this help?" and the pages' counts post to the site itself (no CORS, a form works without
      // JavaScript, the CSP stays 'self'); this forwards them, uncached, to POST /help-center/events.
      additionalBehaviors: {
        [`${this.basePath}${EVENTS_PATH}`]: {
          origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.apiUrl)), { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          functionAssociations: [
            {
              function: new CloudFrontFunction(this, 'EventsRoute', {
                code: FunctionCode.fromInline(toEventsRoute(HELP_EVENTS_ROUTE.path)),
                runtime: FunctionRuntime.JS_2_0,
              }),
              eventType: FunctionEventType.VIEWER_REQUEST,
            },
          ],
        },
      },
      errorResponses: [
        { httpStatus: 403, ...notFound },
        { httpStatus: 404, ...notFound },
      ],
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    this.deployment = new BucketDeployment(this, 'Site', {
      // Source.jsonData resolves the widget's and the API's URLs (tokens) at deploy time.
      sources: [Source.asset(built), Source.jsonData('chat.json', { widgetUrl: props.widgetUrl, apiUrl: props.apiUrl })],
      destinationBucket: this.bucket,
      destinationKeyPrefix: this.basePath.slice(1) || undefined,
      // The publisher's pages (articles admins created) are not in this build: it removes what is stale itself.
      prune: false,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: [`${this.basePath}*`],
    });
    this.grantPublish(props.publisher);
    // The deployment wrote the shipped pages over the admins' ones: render them again right after it.
    // The publisher is the custom resource's function itself (no provider function, role and policy
    // beside it: the template's resources are bounded); a new site hash is an update, which renders.
    const republish = new CustomResource(this, 'Republish', {
      serviceToken: props.publisher.functionArn,
      resourceType: 'Custom::HelpCenterRepublish',
      properties: { site: builtSiteHash(built, files) },
    });
    republish.node.addDependency(this.deployment);
  }

  /** The publisher writes, lists and removes the site's files under its prefix, and invalidates the distribution. */
  private grantPublish(publisher: IFunction): void {
    // Put and delete under the site's prefix only; listing (to skip unchanged files, find stale pages) is on the bucket.
    publisher.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [this.siteObjects] }));
    publisher.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }));
    const { account } = Stack.of(this);
    publisher.addToRolePolicy(
      new PolicyStatement({
        actions: ['cloudfront:CreateInvalidation'],
        resources: [`arn:${Stack.of(this).partition}:cloudfront::${account}:distribution/${this.distribution.distributionId}`],
      }),
    );
  }

  /** The ARN pattern of the site's files: what the publisher may write and remove. */
  get siteObjects(): string {
    return this.bucket.arnForObjects(`${this.basePath.slice(1)}*`);
  }

  /** https://<distribution>/<path>/: the help center before a shop routes its own address to it. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}${this.basePath}`;
  }
}

/** https://host of a URL, also when it is a token of this stack. */
function originOf(url: string): string {
  if (!Token.isUnresolved(url)) return new URL(url).origin;
  return `https://${Fn.select(2, Fn.split('/', url))}`;
}
