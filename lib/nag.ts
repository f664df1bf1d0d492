import { Stack } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import type { Destek } from './destek';

/** Every cdk-nag finding we accept, each with the reason it is right for this stack. */
export function acknowledgeNagFindings(stack: Stack, destek: Destek): void {
  const tableArn = stack.resolve(destek.data.table.tableArn) as { 'Fn::GetAtt': [string, string] };
  const tableLogicalId = tableArn['Fn::GetAtt'][0];
  for (const fn of Object.values(destek.functions)) {
    NagSuppressions.addResourceSuppressions(fn, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'Runtime is pinned to nodejs22.x on purpose: the bundle targets node20 so the same code runs in ' +
          'Lambda and in the local stack; the runtime is moved forward deliberately, not by a linter.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      fn.role!,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "Query on the table's own global secondary indexes (byStatus, byCustomer, byAssignee); the " +
            'wildcard covers only index names of this one table.',
          appliesTo: [`Resource::<${tableLogicalId}.Arn>/index/*`],
        },
        {
          id: 'AwsSolutions-IAM5',
          reason: "Writing log streams of the function's own log group: stream names are made by Lambda at run time.",
          appliesTo: [{ regex: '/^Resource::<.*Logs.*\\.Arn>:\\*$/g' }],
        },
      ],
      true,
    );
  }
  NagSuppressions.addResourceSuppressions(destek.auth.userPool, [
    {
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (threat protection) is billed per monthly active user; agent accounts are few, ' +
        'invited by an admin, and need MFA. A team that wants it sets featurePlan on the pool.',
    },
  ]);
  for (const route of destek.api.publicRoutes) {
    NagSuppressions.addResourceSuppressions(route, [
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'A channel route where anonymous shop visitors write: limited by an origin allow-list, body size, ' +
          'validation and stage throttling, and it only enqueues. Agent routes use the Cognito JWT authorizer.',
      },
    ]);
  }
}
