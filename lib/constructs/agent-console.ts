import { existsSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import {
  AllowedMethods,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsoleSync, consoleContentSecurityPolicy } from '#definitions/console';
import type { AgentAuth } from './agent-auth';
import { privateBucket } from './data';

export interface AgentConsoleProps {
  /** Where package.json and console/ are (the bundler's root). */
  readonly projectRoot: string;
  /** The agent API's base URL (written to config.json). */
  readonly apiUrl: string;
  /** The agents' live WebSocket (wss://…); without it the console polls. */
  readonly liveUrl?: string;
  /** The user pool, its managed-login domain and the console's app client. */
  readonly auth: AgentAuth;
  /** The customer files' bucket: signed download links (images) and signed upload forms point at it. */
  readonly attachments: Bucket;
  /** Where the console bucket's server access logs go (SupportData's access-log bucket). */
  readonly accessLogs: Bucket;
  /** The shop's name in the console's title bar. */
  readonly shopName?: string;
  /** The help center's public address (shop.helpUrl): the admins' links to an article on the site. */
  readonly helpUrl?: string;
}

/** Chunks are named by their content: cached for a year. Everything else is revalidated on each load. */
const HASHED_ASSETS = [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()];
const REVALIDATED = [CacheControl.noCache()];

/**
 * The agent console on AWS: the built single-page app in a private bucket behind CloudFront (origin
 * access control, HTTPS only, HTTP/2 and 3), served with the widget's security headers and the
 * console's Content-Security-Policy, and a config.json written at deploy time (API, live socket,
 * Cognito issuer, client and managed-login domain), so the same build runs in every stack.
 */
export class AgentConsole extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  /** The page, config.json and the unhashed entry files; and the hashed chunks, deployed first. */
  readonly deployments: readonly BucketDeployment[];

  constructor(scope: Construct, id: string, props: AgentConsoleProps) {
    super(scope, id);
    this.bucket = privateBucket(this, 'Files', { serverAccessLogs: props.accessLogs });
    this.bucket.applyRemovalPolicy(RemovalPolicy.DESTROY);
    this.headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Destek agent console: security headers and Content-Security-Policy',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: this.contentSecurityPolicy(props), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    this.distribution = new Distribution(this, 'Cdn', {
      comment: 'Destek agent console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
    });
    this.deployments = this.deploy(props);
  }

  /** https://<distribution>/: the console's address, its sign-in redirect and the API's allowed origin plus a slash. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}/`;
  }

  /** https://<distribution>: the Origin the console's requests carry. */
  get origin(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * The policy names no API URL: the API's CORS names the distribution, so the distribution cannot
   * name the API (a dependency cycle). Any execute-api host of the region is allowed instead; the
   * attachments bucket and the Cognito endpoints are named exactly.
   */
  private contentSecurityPolicy(props: AgentConsoleProps): string {
    const { region, urlSuffix } = Stack.of(this);
    const files = `https://${props.attachments.bucketRegionalDomainName}`;
    const live = props.liveUrl ? [socketOrigin(props.liveUrl)] : [];
    return consoleContentSecurityPolicy({
      connect: [
        `https://*.execute-api.${region}.${urlSuffix}`,
        `wss://*.execute-api.${region}.${urlSuffix}`,
        ...live,
        // Discovery (the issuer) and the token endpoint (the managed-login domain).
        `https://cognito-idp.${region}.${urlSuffix}`,
        props.auth.signInUrl,
        // Uploads: the signed POST form goes straight to the bucket.
        files,
      ],
      images: [files],
    });
  }

  private deploy(props: AgentConsoleProps): BucketDeployment[] {
    const built = buildConsoleSync(props.projectRoot, join(mkdtempSync(join(tmpdir(), 'destek-console-')), 'site'));
    const chunksDir = join(mkdtempSync(join(tmpdir(), 'destek-console-chunks-')), 'chunks');
    if (existsSync(join(built, 'chunks'))) renameSync(join(built, 'chunks'), chunksDir);
    const deployments: BucketDeployment[] = [];
    if (existsSync(chunksDir)) {
      // Not pruned: a console opened before a deployment may still load the chunks its app.js names.
      deployments.push(
        new BucketDeployment(this, 'Chunks', {
          sources: [Source.asset(chunksDir)],
          destinationBucket: this.bucket,
          destinationKeyPrefix: 'chunks/',
          prune: false,
          cacheControl: HASHED_ASSETS,
        }),
      );
    }
    const config = {
      apiUrl: props.apiUrl,
      ...(props.liveUrl ? { liveUrl: props.liveUrl } : {}),
      auth: { kind: 'oidc', authority: props.auth.authority, clientId: props.auth.client.userPoolClientId, domain: props.auth.signInUrl },
      ...(props.shopName ? { shopName: props.shopName } : {}),
      ...(props.helpUrl ? { helpUrl: props.helpUrl } : {}),
    };
    const page = new BucketDeployment(this, 'Page', {
      // Source.jsonData resolves the tokens (API URL, pool and client ids) at deploy time.
      sources: [Source.asset(built), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      exclude: ['chunks/*'],
      cacheControl: REVALIDATED,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    for (const d of deployments) page.node.addDependency(d);
    return [...deployments, page];
  }
}

/** wss://host of the live socket's URL, also when the URL is a token of this stack. */
function socketOrigin(url: string): string {
  if (!Token.isUnresolved(url)) return new URL(url).origin;
  return `wss://${Fn.select(2, Fn.split('/', url))}`;
}
