import { Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import type { DestekFunction } from './destek-function';

export interface AgentApiSettingsProps {
  readonly fn: DestekFunction;
  readonly api: HttpApi;
  /** The API's public base URL when it has a custom domain; else the execute-api URL. */
  readonly publicUrl?: string;
}

/**
 * What the agent API function needs besides its bindings: the base URL its CSAT links point at (the
 * key that signs them is derived from the stack secret's master key, binding keys:master). The URL is built from the API id (not the stage URL), so
 * the function does not depend on the routes that depend on it.
 */
export class AgentApiSettings extends Construct {
  constructor(scope: Construct, id: string, props: AgentApiSettingsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    props.fn.addEnvironment('PUBLIC_API_URL', props.publicUrl ?? `https://${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`);
  }
}
