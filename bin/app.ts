import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig } from '#config/config';
import { DestekStack } from '#lib/destek-stack';

/** `npx cdk synth` / `deploy`. Another configuration file: `-c config=path/to/file.json`. */
const app = new App();
const projectRoot = resolve(import.meta.dirname, '..');
const config = loadConfig((app.node.tryGetContext('config') as string | undefined) ?? DEFAULT_CONFIG_FILE, projectRoot);
new DestekStack(app, config.stackName, {
  config,
  projectRoot,
  stackName: config.stackName,
  description: 'Destek: serverless omnichannel customer support',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
