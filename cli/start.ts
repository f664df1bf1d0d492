import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { routeDefinitions, routeKey } from '#definitions/routes';
import { DEFAULT_PORTS, startLocalStack, type LocalStackInfo, type PortName } from '#local/stack';
import { UsageError, type Command } from './command';

const portOptions = Object.fromEntries((Object.keys(DEFAULT_PORTS) as PortName[]).map((p) => [`${p}-port`, { type: 'string' as const }]));

export const startCommand: Command = {
  name: 'start',
  summary: 'run the whole pipeline locally on real local servers',
  usage: `Usage: destek start [options]

Starts DynamoDB Local, the local SQS server, s3rver, aws-ses-v2-local, an EventBridge Scheduler
stand-in, the local API gateway and the queue runner, running the same function bundles as the CDK stack. Prints what runs where and an agent
token, and writes the same to .destek/local.json. Ctrl-C stops everything.

Options:
  --data DIR          keep data (DynamoDB, S3, queued messages, signing key) in DIR between runs,
                      so even a crash loses nothing accepted (default: in memory)
  --config FILE       configuration file (default: destek.config.json)
  --api-port N        local API (default ${DEFAULT_PORTS.api}); 0 picks a free port, as do the others
  --dynamodb-port N   DynamoDB Local (default ${DEFAULT_PORTS.dynamodb})
  --sqs-port N        SQS (default ${DEFAULT_PORTS.sqs})
  --s3-port N         S3 (default ${DEFAULT_PORTS.s3})
  --ses-port N        SES (default ${DEFAULT_PORTS.ses})
  --lex-port N        Lex V2 runtime stand-in, HTTP/2 (default ${DEFAULT_PORTS.lex})
  --smtp-port N       SMTP for the e-mail channel, SES inbound stand-in (default ${DEFAULT_PORTS.smtp})
  --social-port N     fake social provider: Graph/Bot API, webhooks (default ${DEFAULT_PORTS.social})
  --ws-port N         live-chat WebSocket API and its @connections endpoint (default ${DEFAULT_PORTS.ws})
  --web-port N        chat widget (widget.js), demo shop page, console and help center (default ${DEFAULT_PORTS.web})
  --scheduler-port N  EventBridge Scheduler stand-in: ticket SLA timers (default ${DEFAULT_PORTS.scheduler})
  --lambda-port N     Lambda Invoke stand-in: SES, bounce and SLA-timer invocations (default ${DEFAULT_PORTS.lambda})
  --secrets-port N    Secrets Manager stand-in: the stack secret (default ${DEFAULT_PORTS.secrets})
  --live-port N       the agents' live socket: ticket changes pushed to the console (default ${DEFAULT_PORTS.live})
  --events-port N     EventBridge stand-in: the shop's event bus (default ${DEFAULT_PORTS.events})
  --info-file FILE    where to write what runs where (default: .destek/local.json)
  --quiet             do not print the functions' logs
  -h, --help          show this help`,
  options: {
    data: { type: 'string' },
    config: { type: 'string' },
    'info-file': { type: 'string' },
    quiet: { type: 'boolean' },
    ...portOptions,
  },
  async run(values) {
    const ports: Partial<Record<PortName, number>> = {};
    for (const p of Object.keys(DEFAULT_PORTS) as PortName[]) {
      const raw = values[`${p}-port`];
      if (raw === undefined) continue;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--${p}-port must be a port number, not ${String(raw)}`);
      ports[p] = n;
    }
    const projectRoot = process.cwd();
    const stack = await startLocalStack({
      projectRoot,
      ...(typeof values.config === 'string' ? { configFile: values.config } : {}),
      ...(typeof values.data === 'string' ? { dataDir: resolve(values.data) } : {}),
      ports,
      functionOutput: values.quiet ? 'silent' : 'inherit',
      log: (line) => console.error(line),
    });
    const file = resolve(typeof values['info-file'] === 'string' ? values['info-file'] : join(projectRoot, '.destek', 'local.json'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ ...stack.info, pid: process.pid, startedAt: new Date().toISOString() }, null, 2));
    console.log(describe(stack.info, file));
    // What the shop's systems would hear, as it happens (destek events tail prints the same).
    if (!values.quiet) stack.eventBus.onEvent((e) => console.error(`event ${e['detail-type']} ${JSON.stringify(e.detail)}`));

    await new Promise<void>((resolveStop) => {
      const onSignal = () => resolveStop();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    console.error('stopping…');
    await stack.stop();
    return 0;
  },
};

function describe(info: LocalStackInfo, file: string): string {
  const routes = routeDefinitions.map((r) => `${routeKey(r)}${r.auth === 'agent' ? ' (agent token)' : ''}`);
  return [
    `Destek is running locally (stack ${info.stackName}, region ${info.region})`,
    `  API        ${info.api}`,
    ...routes.map((r) => `               ${r}`),
    `  DynamoDB   ${info.dynamodb}   table ${info.tableName}`,
    `  SQS        ${info.sqs}   ${Object.keys(info.queues).join(', ')} (each with a dead-letter queue)`,
    `  S3         ${info.s3}`,
    `  SES        ${info.ses}   sent mail: ${info.ses}/store`,
    `  Scheduler  ${info.scheduler}   ticket SLA timers → slaCheck (fire early: POST ${info.scheduler}/_local/fire?before=ISO)`,
    `  Lambda     ${info.lambda}   Invoke (async: retries, then ${Object.keys(info.asyncDeadLetterQueues)
      .map((n) => `${n}-dlq`)
      .join(', ')})`,
    `  Secrets    ${info.secretsManager}   Secrets Manager: the stack secret (master key, social providers' values)`,
    `  Events     ${info.events}   EventBridge: the shop's bus ${info.eventBusName} (follow it: npx destek events tail)${info.webhookQueue ? '; signed webhooks on' : ''}`,
    ...(info.lex ? [`  Lex V2     ${info.lex}   RecognizeText (HTTP/2), answered by the built-in recognizer`] : []),
    ...(info.smtp
      ? [`  SMTP       ${info.smtp}   mail to ${info.supportAddresses?.join(', ')} → s3://${info.inboundMailBucket}/inbound/ → emailIngest (async invoke)`]
      : []),
    `  Social     ${info.socialProvider}   fake WhatsApp/Messenger/Instagram/Telegram; sent: ${info.socialProvider}/sent`,
    ...(info.ordersTableName ? [`  Orders     table ${info.ordersTableName} with demo orders 100001–100012`] : []),
    `  Chat       ${info.websocket}   WebSocket API (@connections: ${info.websocketCallback})`,
    `  Demo shop  ${info.demoPage}   the chat widget on a shop page (${info.web}/widget.js)`,
    `  Console    ${info.consoleUrl}   the agent console, signed in as the local agent (admin: ${info.consoleAdminUrl})`,
    `  Help       ${info.helpCenterUrl}   the help center (helpcenter/articles), with search and the chat widget`,
    `  Live       ${info.agentLive}   the agents' live socket: ticket changes pushed to the console`,
    `  Functions  ${Object.entries(info.functions)
      .map(([n, f]) => `${n} (cold start ${f.coldStartMs} ms)`)
      .join(', ')}`,
    '',
    `Agent token (12 h): ${info.agentToken}`,
    '',
    'Try it:',
    `  npx destek simulate chat "Merhaba, kargom nerede?"`,
    `  npx destek simulate whatsapp --from 905321234567 "Merhaba, kargom nerede?"`,
    `  curl ${info.api}/tickets -H "authorization: Bearer $(node -p 'require("./.destek/local.json").agentToken')"`,
    '',
    `Written to ${file}.`,
    // The one line scripts wait for: everything above answers once it is printed.
    `Ready: ${info.api} (console ${info.consoleUrl}). Ctrl-C stops everything.`,
  ].join('\n');
}
