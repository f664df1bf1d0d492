import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface SlaTimersProps {
  /**
   * The checker the timers invoke (asynchronously: Lambda's retries and on-failure destination apply),
   * and its dead-letter queue, where Scheduler also puts what it could not hand to Lambda at all.
   */
  readonly target: IFunction;
  readonly deadLetterQueue: IQueue;
}

/**
 * First-response timers: a schedule group that holds one one-time schedule per unanswered ticket
 * (created by the pipeline, deleted by Scheduler after it fires), and the role Scheduler invokes with,
 * allowed only to invoke the SLA checker and send to its DLQ, and only for this account's schedules.
 * No queue in between: nothing polls while no timer is due.
 */
export class SlaTimers extends Construct {
  readonly group: ScheduleGroup;
  readonly role: Role;
  private readonly props: SlaTimersProps;

  constructor(scope: Construct, id: string, props: SlaTimersProps) {
    super(scope, id);
    this.props = props;
    // Schedules are per ticket and short-lived; nothing in the group outlives the stack's purpose.
    this.group = new ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
    const { account } = Stack.of(this);
    this.role = new Role(this, 'SchedulerRole', {
      description: 'EventBridge Scheduler invokes the SLA checker when a ticket timer fires',
      // Only schedules of this account's group may use the role (confused-deputy protection).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': this.group.scheduleGroupArn } },
      }),
    });
    // The unqualified function only (grantInvoke would add every version and alias, ARN:*).
    this.role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.target.functionArn] }));
    props.deadLetterQueue.grantSendMessages(this.role);
  }

  /**
   * Lets a function create, read and move schedules in the group and hand them the scheduler role;
   * returns the SLA_* variables' values (bindingEnv['sla:schedule'] order).
   */
  grantSchedule(grantee: IGrantable): string[] {
    this.group.grantWriteSchedules(grantee);
    this.group.grant(grantee, 'scheduler:GetSchedule');
    this.role.grantPassRole(grantee.grantPrincipal);
    return [this.group.scheduleGroupName, this.props.target.functionArn, this.role.roleArn, this.props.deadLetterQueue.queueArn];
  }
}
