import { App } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { resolve } from 'node:path';
import type { DestekConfig } from '#config/config';
import { functionDefinitions, type FunctionName } from '#definitions/functions';
import { DestekStack } from '#lib/destek-stack';
import { isLocalOnlyOrProvided } from '#local/function-env';

const projectRoot = resolve(import.meta.dirname, '../..');

/** Each function's environment variable names in the synthesised template (without bundling: names only). */
export function templateEnvNames(config: DestekConfig): Record<FunctionName, string[]> {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new DestekStack(app, config.stackName, { config, projectRoot });
  const resources = app.synth().getStackByName(stack.stackName).template.Resources as Record<string, { Properties?: { Environment?: { Variables?: object } } }>;
  return Object.fromEntries(
    (Object.keys(functionDefinitions) as FunctionName[]).map((name) => {
      const id = stack.getLogicalId(stack.destek.functions[name].node.defaultChild as CfnFunction);
      return [name, Object.keys(resources[id]?.Properties?.Environment?.Variables ?? {}).sort()];
    }),
  ) as Record<FunctionName, string[]>;
}

/** The names a local function runs with that AWS would give it too (Lambda's own and the local endpoints left out). */
export const comparableNames = (env: Record<string, string>): string[] =>
  Object.keys(env)
    .filter((n) => !isLocalOnlyOrProvided(n))
    .sort();
