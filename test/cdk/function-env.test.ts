import { describe, expect, it } from 'vitest';
import { loadConfig, type DestekConfig } from '#config/config';
import { functionDefinitions, type FunctionName } from '#definitions/functions';
import { localFunctionEnvs, localResourceNames } from '#local/function-env';
import { comparableNames, templateEnvNames } from './template-env';

const base = loadConfig();

/** The local environments for a configuration, with stand-in values (names are what is compared). */
function localNames(config: DestekConfig): Record<FunctionName, string[]> {
  const queue = { url: 'http://q', arn: 'arn:q', dlqArn: 'arn:dlq' };
  const envs = localFunctionEnvs({
    config,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    endpoints: {
      dynamodb: 'http://d',
      sqs: 'http://s',
      s3: 'http://s3',
      ses: 'http://ses',
      scheduler: 'http://sch',
      lambda: 'http://l',
      secretsManager: 'http://sm',
      eventbridge: 'http://eb',
      ...(Object.values(config.brain.engines).includes('lex') ? { lex: 'http://lex' } : {}),
      apiPort: 1,
      wsPort: 2,
      agentWsPort: 3,
      agentJwksUrl: 'http://127.0.0.1:4/agents/.well-known/jwks.json',
    },
    ...localResourceNames(config),
    queues: { inbound: queue, outbound: queue, social: queue },
    stackSecretArn: 'arn:secret',
    socialProvider: { graphBaseUrl: 'http://g', url: 'http://t' },
    masterKey: 'k'.repeat(48),
    slaTarget: { functionArn: 'arn:fn', deadLetterArn: 'arn:dlq' },
    helpCenter: {
      bucket: 'help',
      site: { baseUrl: 'http://127.0.0.1:1/help/', cssPath: 'assets/site.0.css', jsPath: 'assets/help.0.js' },
      publisherArn: 'arn:fn:help',
    },
  });
  return Object.fromEntries(Object.entries(envs).map(([n, env]) => [n, comparableNames(env)])) as Record<FunctionName, string[]>;
}

const variants: [string, DestekConfig][] = [
  ['the default configuration (e-mail, Lex for en, orders table)', base],
  [
    'no e-mail, built-in recognizer only, orders from the shop endpoint, every own-secret option',
    {
      ...base,
      email: undefined,
      brain: { ...base.brain, engines: { tr: 'builtin', en: 'builtin' } },
      orders: { source: 'http', baseUrl: 'https://shop.example/orders', authorizationSecretName: 'shop-orders-auth' },
      chat: { ...base.chat, shopSecretName: 'shop-ref-key' },
    },
  ],
  ['e-mail with its own reply-token secret', { ...base, email: { ...base.email!, replyTokenSecretName: 'reply-token-key' } }],
];

describe("each function's environment, AWS and local", () => {
  it.each(variants)('has the same variable names in the template and locally: %s', (_what, config) => {
    const aws = templateEnvNames(config);
    const local = localNames(config);
    for (const name of Object.keys(functionDefinitions) as FunctionName[]) expect({ [name]: local[name] }).toEqual({ [name]: aws[name] });
  });

  it('gives a function only its own bindings: the webhook has no table, the SLA checker no queue', () => {
    const local = localNames(base);
    expect(local.socialWebhook).not.toContain('TABLE_NAME');
    expect(local.slaCheck).not.toContain('INBOUND_QUEUE_URL');
    expect(local.pipeline).toContain('SLA_SCHEDULE_GROUP');
    expect(local.chatIngest).not.toContain('SLA_SCHEDULE_GROUP');
    // The checker re-arms timers to itself: its own ARN comes from the invocation, never its environment (a cycle in the template).
    expect(local.slaCheck).toEqual(expect.arrayContaining(['SLA_SCHEDULE_GROUP', 'SLA_SCHEDULER_ROLE_ARN', 'SLA_SETTINGS']));
    expect(local.slaCheck).not.toContain('SLA_TARGET_ARN');
  });

  it("gives a function only the settings it reads: the bot's to the pipeline, the chat limits to the chat functions", () => {
    const local = localNames(base);
    expect(local.pipeline).toEqual(expect.arrayContaining(['BRAIN_SETTINGS', 'DEFAULT_LOCALE', 'TICKET_NUMBER_START']));
    expect(local.socialWebhook).not.toContain('BRAIN_SETTINGS');
    expect(local.socialWebhook).not.toContain('SOCIAL_SETTINGS');
    expect(local.chatVisitor).toContain('CHAT_TOKEN_TTL_MINUTES');
    expect(local.agentApi).not.toContain('CHAT_TOKEN_TTL_MINUTES');
    expect(local.sender).toEqual(expect.arrayContaining(['EMAIL_SETTINGS', 'SOCIAL_SETTINGS']));
  });
});
