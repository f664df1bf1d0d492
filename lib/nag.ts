import { Arn, Aws, Validations, type Stack } from 'aws-cdk-lib';
import type { Destek } from './destek';
import { acknowledgeChatNagFindings } from './chat-nag';
import { acknowledgeConsoleNagFindings } from './console-nag';
import { acknowledgeHelpCenterNagFindings } from './help-center-nag';
import { acknowledgeAgentLiveNagFindings } from './agent-live-nag';
import { nagResource } from './nag-resource';
import { CHAT_FILES_PREFIX } from '#definitions/uploads';

/** Every cdk-nag finding we accept, each with the reason it is right for this stack. */
export function acknowledgeNagFindings(stack: Stack, destek: Destek): void {
  const attachmentObjects = nagResource(stack, destek.data.attachments.arnForObjects('*'));
  const chatFiles = nagResource(stack, destek.data.attachments.arnForObjects(`${CHAT_FILES_PREFIX}/*`));
  const tableIndexes = nagResource(stack, `${destek.data.table.tableArn}/index/*`);
  // The ARN ScheduleGroup's write grant builds for every schedule in the group.
  const { group } = destek.slaTimers;
  const groupSchedules = nagResource(
    stack,
    Arn.format({
      partition: Aws.PARTITION,
      region: group.env.region,
      account: group.env.account,
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${group.scheduleGroupName}/*`,
    }),
  );
  for (const fn of Object.values(destek.functions)) {
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Runtime is pinned to nodejs22.x on purpose: the bundle targets node20 so the same code runs in ' +
        'Lambda and in the local stack; the runtime is moved forward deliberately, not by a linter.',
    });
    if (fn.definitionBindings.some((b) => b.startsWith('attachments:'))) {
      // grantRead/grantReadWrite on the one attachments bucket: object-level actions on its own keys.
      for (const finding of [
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        attachmentObjects,
      ]) {
        Validations.of(fn.role!).acknowledge({
          id: `AwsSolutions-IAM5[${finding}]`,
          reason: "CDK grant on the attachments bucket only: customer files are keyed per channel and message, so access is to the bucket's objects.",
        });
      }
    }
    if (fn.definitionBindings.includes('attachments:putChat')) {
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[${chatFiles}]`,
        reason: "PutObject only, under chat/: each visitor's file gets a key derived from its message, checked by content before it is put.",
      });
    }
    if (fn.definitionBindings.some((b) => b.startsWith('table:'))) {
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[${tableIndexes}]`,
        reason:
          "Query on the table's own global secondary indexes (byStatus, byCustomer, byAssignee); the " + 'wildcard covers only index names of this one table.',
      });
    }
    if (fn.definitionBindings.some((b) => b === 'sla:schedule' || b === 'sla:rearm')) {
      Validations.of(fn.role!).acknowledge({
        id: `AwsSolutions-IAM5[${groupSchedules}]`,
        reason:
          "One schedule per ticket, named after it: the pipeline creates, reads and moves any ticket's schedule, " +
          "but only in the stack's own SLA schedule group.",
      });
    }
  }
  acknowledgeEmailFindings(stack, destek);
  Validations.of(destek.auth.userPool).acknowledge({
    id: 'AwsSolutions-COG8',
    reason:
      'The Plus feature plan (threat protection) is billed per monthly active user; agent accounts are few, ' +
      'invited by an admin, and need MFA. A team that wants it sets featurePlan on the pool.',
  });
  Validations.of(destek.secret.secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      "The stack secret holds tokens issued by Meta and Telegram, rotated in those providers' consoles and pasted " +
      'here (no rotation Lambda can), and the master key of the visitor-token, CSAT-link and reply-token keys: ' +
      'rotating it on a schedule would sign visitors out and void links and reply addresses customers hold.',
  });
  for (const route of destek.api.publicRoutes) {
    Validations.of(route).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'A public route for anonymous shop visitors, webhooks or rating links: each checks its own credential in ' +
        'the function (visitor token and origin, provider signature, signed link), with body limits, validation ' +
        'and stage throttling. Agent routes use the Cognito JWT authorizer.',
    });
  }
  acknowledgeChatNagFindings(stack, destek.chat, Object.values(destek.functions));
  acknowledgeConsoleNagFindings(stack, destek.console);
  acknowledgeHelpCenterNagFindings(stack, destek.helpCenter, destek.functions.helpCenterPublish.role!);
  acknowledgeAgentLiveNagFindings(stack, destek.agentLive, Object.values(destek.functions));
}

/** The e-mail channel's findings: bucket-wide object grants and the rule-set activation resource. */
function acknowledgeEmailFindings(stack: Stack, destek: Destek): void {
  const email = destek.email;
  if (!email) return;
  // The attachments bucket's grants are acknowledged with the other channels' above.
  const buckets = [['inboundmail:', email.inboundMail]] as const;
  for (const fn of Object.values(destek.functions)) {
    for (const [prefix, bucket] of buckets) {
      if (!fn.definitionBindings.some((b) => b.startsWith(prefix))) continue;
      for (const id of [
        `AwsSolutions-IAM5[${nagResource(stack, bucket.arnForObjects('*'))}]`,
        'AwsSolutions-IAM5[Action::s3:GetObject*]',
        'AwsSolutions-IAM5[Action::s3:GetBucket*]',
        'AwsSolutions-IAM5[Action::s3:List*]',
        'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
        'AwsSolutions-IAM5[Action::s3:Abort*]',
      ]) {
        Validations.of(fn.role!).acknowledge({
          id,
          reason:
            "CDK's bucket grant for the raw-mail bucket: objects are keyed per message, so the function needs " + 'every key of the bucket, and of no other.',
        });
      }
    }
  }
  if (email.activation) {
    Validations.of(email.activation).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:SetActiveReceiptRuleSet has no resource-level permissions; it is the only action allowed.',
    });
    for (const id of ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'AwsSolutions-L1']) {
      Validations.of(stack).acknowledge({
        id,
        reason: "The provider function of CDK's AwsCustomResource, which runs only at deploy time to activate the rule set.",
      });
    }
  }
}
