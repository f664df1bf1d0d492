import { Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DestekFunction } from './destek-function';

export interface AgentApiSettingsProps {
  readonly fn: DestekFunction;
  readonly api: HttpApi;
  /** The API's public base URL when it has a custom domain; else the execute-api URL. */
  readonly publicUrl?: string;
}

/**
 * What the agent API function needs besides its bindings: a generated key that signs CSAT links,
 * and the base URL those links point at. The URL is built from the API id (not the stage URL), so
 * the function does not depend on the routes that depend on it.
 */
export class AgentApiSettings extends Construct {
  readonly csatKey: Secret;

  constructor(scope: Construct, id: string, props: AgentApiSettingsProps) {
    super(scope, id);
    this.csatKey = new Secret(this, 'CsatSigningKey', {
      description: 'Signs the one-click CSAT rating links the agent API sends',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    const stack = Stack.of(this);
    props.fn.addEnvironment('CSAT_SIGNING_KEY', this.csatKey.secretValue.unsafeUnwrap());
    props.fn.addEnvironment('PUBLIC_API_URL', props.publicUrl ?? `https://${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`);
  }
}
