import { Stack } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * The resource of a cdk-nag finding (`AwsSolutions-IAM5[Resource::…]`) for an ARN, rendered the way
 * cdk-nag renders it: the ARN as the stack resolves it (a concrete region and account when the stack
 * has an environment, `<AWS::Region>` / `<AWS::AccountId>` when it has none), then flattened by
 * cdk-nag's own function. Acknowledgements built from it hold in every environment.
 */
export function nagResource(scope: IConstruct, arn: string): string {
  return `Resource::${flattenCfnReference(Stack.of(scope).resolve(arn))}`;
}
