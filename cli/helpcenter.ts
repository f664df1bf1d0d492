import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CloudFormationClient, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { constructIds, logicalIdEndsWith } from '#definitions/dead-letters';
import { LOCAL_CREDENTIALS } from '#local/storage';
import { UsageError, type Command } from './command';

const PUBLISHER = 'helpCenterPublish';

export const helpCenterCommand: Command = {
  name: 'helpcenter',
  summary: 'render the help center again from its articles (local or deployed stack)',
  usage: `Usage: destek helpcenter publish [--stack NAME] [--local-info FILE]

Every change an admin makes through the agent API renders the help center by itself. publish does the
same by hand: the site's pages, sitemap and search index from the shipped articles with the admins'
versions over them, written where the site is served (in AWS: the help center's bucket, then a
CloudFront invalidation). It asks the publisher function to render (an asynchronous invocation) and
returns; the site has the new pages seconds later. Safe to repeat: a render writes only what changed.

Options:
  --stack NAME         a deployed stack, found through CloudFormation in AWS_REGION (default: the local stack)
  --local-info FILE    the local stack's description (default: .destek/local.json, written by destek start)
  -h, --help           show this help`,
  options: { stack: { type: 'string' }, 'local-info': { type: 'string' } },
  async run(values, positionals) {
    const [action, ...extra] = positionals;
    if (action !== 'publish') throw new UsageError('say what to do: publish (see destek helpcenter --help)');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}" (see destek helpcenter --help)`);
    const { client, functionName, where } = typeof values.stack === 'string' ? await deployed(values.stack) : local(values['local-info']);
    try {
      const out = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ force: true, reason: 'destek helpcenter publish' })),
        }),
      );
      if (out.StatusCode !== 202) throw new Error(`Lambda answered ${out.StatusCode}`);
    } finally {
      client.destroy();
    }
    console.log(`asked ${where} to render the help center again; its pages change within seconds`);
    return 0;
  },
};

function local(file: unknown) {
  const infoFile = resolve(typeof file === 'string' ? file : join(process.cwd(), '.destek', 'local.json'));
  if (!existsSync(infoFile)) throw new UsageError(`${infoFile} not found: start the local stack (destek start), or name a deployed one with --stack`);
  const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { region?: string; lambda?: string };
  if (!info.lambda || !info.region) throw new UsageError(`${infoFile} does not describe a local stack: restart it`);
  // Locally a function's name is what the Invoke stand-in runs it by.
  return {
    client: new LambdaClient({ region: info.region, endpoint: info.lambda, credentials: LOCAL_CREDENTIALS }),
    functionName: PUBLISHER,
    where: `the local stack (${infoFile})`,
  };
}

async function deployed(stackName: string) {
  const region = process.env.AWS_REGION;
  if (!region) throw new UsageError('AWS_REGION is not set: set it to the region the stack is deployed in');
  let functionName: string | undefined;
  try {
    for await (const page of paginateListStackResources({ client: new CloudFormationClient({ region }) }, { StackName: stackName })) {
      functionName ??= page.StackResourceSummaries?.find(
        (r) => r.ResourceType === 'AWS::Lambda::Function' && logicalIdEndsWith(r.LogicalResourceId ?? '', [constructIds.function(PUBLISHER)]),
      )?.PhysicalResourceId;
    }
  } catch (e) {
    if ((e as Error).name === 'ValidationError') throw new UsageError(`stack ${stackName} not found (${(e as Error).message})`);
    throw e;
  }
  if (!functionName) throw new UsageError(`stack ${stackName} has no help center publisher: deploy this version of Destek first`);
  return { client: new LambdaClient({ region }), functionName, where: `stack ${stackName} in ${region}` };
}
