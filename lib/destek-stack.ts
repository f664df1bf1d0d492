import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DestekConfig } from '#config/config';
import { Destek, type DestekProps } from './destek';
import { acknowledgeNagFindings } from './nag';

export interface DestekStackProps extends StackProps, DestekProps {
  readonly config: DestekConfig;
  readonly projectRoot: string;
}

export class DestekStack extends Stack {
  readonly destek: Destek;

  constructor(scope: Construct, id: string, props: DestekStackProps) {
    super(scope, id, props);
    this.destek = new Destek(this, 'Destek', { config: props.config, projectRoot: props.projectRoot, ...(props.intents ? { intents: props.intents } : {}) });
    acknowledgeNagFindings(this, this.destek);
  }
}
