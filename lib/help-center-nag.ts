import { type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { HelpCenter } from './constructs/help-center';
import { nagResource } from './nag-resource';

/** The help center's cdk-nag findings we accept, each with the reason it is right here. */
export function acknowledgeHelpCenterNagFindings(stack: Stack, helpCenter: HelpCenter, publisher: IConstruct): void {
  const ack = (scope: Parameters<typeof Validations.of>[0], id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  const cdn = helpCenter.distribution;
  ack(cdn, 'AwsSolutions-CFR1', "The help center is public: a shop's customers read it from wherever they are.");
  ack(
    cdn,
    'AwsSolutions-CFR2',
    'The distribution serves only public static files (articles, a script, a stylesheet, a search index) and accepts only GET and HEAD; ' +
      'nothing behind it takes input. A WAF would cost more than it protects.',
  );
  ack(cdn, 'AwsSolutions-CFR3', 'Standard logging needs an ACL-enabled bucket; the files are public articles, and the bucket keeps server access logs.');
  ack(
    cdn,
    'AwsSolutions-CFR4',
    'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a shop serving the help center from its own domain sets a certificate with TLSv1.2_2021.',
  );
  const deployer = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (deployer) {
    ack(
      deployer,
      `AwsSolutions-IAM5[${nagResource(stack, helpCenter.bucket.arnForObjects('*'))}]`,
      "CDK's BucketDeployment custom resource (deploy time only) writes the help center's files into its own bucket: any key of that bucket, of no other.",
    );
  }
  ack(
    publisher,
    `AwsSolutions-IAM5[${nagResource(stack, helpCenter.siteObjects)}]`,
    "The help center's publisher writes and removes the site's pages: any key under the site's prefix of its own bucket, put and delete only.",
  );
}
