import { type Stack, Validations } from 'aws-cdk-lib';
import type { AgentConsole } from './constructs/agent-console';
import { nagResource } from './nag-resource';

/** The agent console's cdk-nag findings we accept, each with the reason it is right here. */
export function acknowledgeConsoleNagFindings(stack: Stack, agentConsole: AgentConsole): void {
  const ack = (scope: Parameters<typeof Validations.of>[0], id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  const cdn = agentConsole.distribution;
  ack(cdn, 'AwsSolutions-CFR1', 'Agents work from wherever the shop employs them; sign-in (Cognito, MFA) decides who gets in, not the country.');
  ack(
    cdn,
    'AwsSolutions-CFR2',
    'The distribution serves only static files that hold no data (the page, scripts, config.json with public ids); ' +
      'every piece of data comes from the API behind the Cognito authorizer and stage throttling. A WAF would cost more than it protects.',
  );
  ack(
    cdn,
    'AwsSolutions-CFR3',
    "Standard logging needs an ACL-enabled bucket; the console's files are public static assets, and the API's access logs record what agents do.",
  );
  ack(
    cdn,
    'AwsSolutions-CFR4',
    'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a team serving the console from its own domain sets a certificate with TLSv1.2_2021.',
  );
  // CDK's BucketDeployment runs one singleton function for the widget and the console: its other findings are acknowledged with the widget's.
  const deployer = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (deployer) {
    ack(
      deployer,
      `AwsSolutions-IAM5[${nagResource(stack, agentConsole.bucket.arnForObjects('*'))}]`,
      "CDK's BucketDeployment custom resource (deploy time only) writes the console's files into the console's own bucket: any key of that bucket, of no other.",
    );
  }
}
