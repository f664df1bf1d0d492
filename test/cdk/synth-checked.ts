import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolve } from 'node:path';
import type { DestekConfig } from '#config/config';
import { DestekStack } from '#lib/destek-stack';

const projectRoot = resolve(import.meta.dirname, '../..');

export interface CheckedSynth {
  readonly stack: DestekStack;
  readonly template: Template;
  /** Why the synth failed (a cdk-nag finding fails it), for the one test that expects none. */
  readonly synthError: unknown;
  /** The cloud assembly, when the synth succeeded. */
  readonly assemblyDir?: string;
}

/**
 * The stack named after `config.stackName`, synthesised with cdk-nag's AwsSolutions checks and without
 * bundling (these tests read the template, not the function code). A failed synth is kept rather than
 * thrown, so the other tests still read the template and only the cdk-nag test fails.
 */
export function synthChecked(config: DestekConfig): CheckedSynth {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new DestekStack(app, config.stackName, { config, projectRoot });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let synthError: unknown;
  let assemblyDir: string | undefined;
  try {
    assemblyDir = app.synth().directory;
  } catch (e) {
    synthError = e;
  }
  return { stack, template: Template.fromStack(stack), synthError, ...(assemblyDir ? { assemblyDir } : {}) };
}
