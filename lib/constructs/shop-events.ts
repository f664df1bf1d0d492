import { EventBus } from 'aws-cdk-lib/aws-events';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * The shop's event bus: eventPublisher puts every meaningful change on it (README, "Events"), and the
 * shop's systems subscribe with rules of their own. A custom bus costs nothing while idle; events
 * put on it cost $1.00 a million.
 */
export class ShopEvents extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: { readonly busName: string }) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName: props.busName, description: "Destek's changes for the shop's systems (source destek)" });
  }

  /** events:publish: PutEvents on this bus only; the bus's name for EVENT_BUS_NAME. */
  grantPublish(grantee: IGrantable): string[] {
    this.bus.grantPutEventsTo(grantee);
    return [this.bus.eventBusName];
  }
}
