import { describe, expect, it } from 'vitest';
import { loadConfig } from '#config/config';
import type { FunctionName } from '#definitions/functions';
import { agentApiDepsFromEnv } from '#wiring/agent-api';
import { auditLogFromEnv } from '#wiring/audit';
import { agentPushFromEnv, agentSocketFromEnv } from '#wiring/agent-live';
import { chatIngestDepsFromEnv, chatSocketDepsFromEnv, chatVisitorDepsFromEnv } from '#wiring/chat';
import { emailIngestDepsFromEnv } from '#wiring/email';
import { emailEventsDepsFromEnv } from '#wiring/email-events';
import { InvalidEnvError, intEnv, jsonEnv, MissingEnvError, requireEnv } from '#wiring/env';
import { pipelineDepsFromEnv } from '#wiring/pipeline';
import { senderDepsFromEnv } from '#wiring/sender';
import { failureLogFromEnv } from '#wiring/shared';
import { slaCheckDepsFromEnv } from '#wiring/sla-check';
import { helpSiteDepsFromEnv } from '#wiring/help-site';
import { eventPublisherFromEnv } from '#wiring/event-publisher';
import { socialWebhookDepsFromEnv, socialWorkerDepsFromEnv } from '#wiring/social';
import { z } from 'zod';
import { localFunctionEnvs, localResourceNames } from '#local/function-env';

/** What each function builds at cold start (its handler calls exactly these). */
const wiring: Record<FunctionName, ((env: NodeJS.ProcessEnv) => unknown)[]> = {
  chatIngest: [chatIngestDepsFromEnv],
  pipeline: [pipelineDepsFromEnv, failureLogFromEnv],
  sender: [senderDepsFromEnv, failureLogFromEnv],
  agentApi: [agentApiDepsFromEnv],
  emailIngest: [emailIngestDepsFromEnv],
  emailEvents: [emailEventsDepsFromEnv],
  socialWebhook: [socialWebhookDepsFromEnv],
  socialWorker: [socialWorkerDepsFromEnv, failureLogFromEnv],
  chatSocket: [chatSocketDepsFromEnv],
  chatVisitor: [chatVisitorDepsFromEnv],
  slaCheck: [slaCheckDepsFromEnv],
  agentLive: [agentSocketFromEnv, agentPushFromEnv],
  helpCenterPublish: [helpSiteDepsFromEnv],
  eventPublisher: [eventPublisherFromEnv],
  signInAudit: [auditLogFromEnv],
};

const config = loadConfig();
const queue = { url: 'http://127.0.0.1:1/q', arn: 'arn:q', dlqArn: 'arn:dlq' };
const envs = localFunctionEnvs({
  config,
  region: 'us-east-1',
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  endpoints: {
    dynamodb: 'http://127.0.0.1:1',
    sqs: 'http://127.0.0.1:1',
    s3: 'http://127.0.0.1:1',
    ses: 'http://127.0.0.1:1',
    scheduler: 'http://127.0.0.1:1',
    lambda: 'http://127.0.0.1:1',
    secretsManager: 'http://127.0.0.1:1',
    eventbridge: 'http://127.0.0.1:1',
    lex: 'http://127.0.0.1:1',
    apiPort: 1,
    wsPort: 2,
    agentWsPort: 3,
    agentJwksUrl: 'http://127.0.0.1:4/agents/.well-known/jwks.json',
  },
  ...localResourceNames(config),
  queues: { inbound: queue, outbound: queue, social: queue },
  stackSecretArn: 'arn:secret',
  socialProvider: { graphBaseUrl: 'http://127.0.0.1:1', url: 'http://127.0.0.1:1' },
  masterKey: 'k'.repeat(48),
  slaTarget: { functionArn: 'arn:fn', deadLetterArn: 'arn:dlq' },
  helpCenter: {
    bucket: 'help',
    site: { baseUrl: 'http://127.0.0.1:1/help/', cssPath: 'assets/site.0.css', jsPath: 'assets/help.0.js' },
    publisherArn: 'arn:fn:help',
  },
});

describe('reading the environment', () => {
  it('a missing or malformed variable fails with its name', () => {
    expect(() => requireEnv('TABLE_NAME', {})).toThrow(new MissingEnvError('TABLE_NAME'));
    expect(() => intEnv('CHAT_TOKEN_TTL_MINUTES', { CHAT_TOKEN_TTL_MINUTES: 'soon' })).toThrow(InvalidEnvError);
    expect(() => intEnv('CHAT_TOKEN_TTL_MINUTES', { CHAT_TOKEN_TTL_MINUTES: 'soon' })).toThrow(/CHAT_TOKEN_TTL_MINUTES/);
    expect(() => jsonEnv('BRAIN_SETTINGS', z.object({ a: z.number() }), { BRAIN_SETTINGS: '{"a":"x"}' })).toThrow(
      /environment variable BRAIN_SETTINGS is not valid/,
    );
    expect(() => jsonEnv('BRAIN_SETTINGS', z.object({}), { BRAIN_SETTINGS: '{' })).toThrow(/BRAIN_SETTINGS/);
  });
});

describe("each function's wiring", () => {
  it.each(Object.keys(wiring) as FunctionName[])('%s builds from exactly the environment its bindings and settings give it', (name) => {
    for (const build of wiring[name]) expect(build(envs[name])).toBeTruthy();
  });

  it.each([
    ['pipeline', 'SLA_SCHEDULE_GROUP'],
    ['pipeline', 'BRAIN_SETTINGS'],
    ['sender', 'CHAT_CALLBACK_URL'],
    ['agentApi', 'PUBLIC_API_URL'],
    ['chatVisitor', 'CHAT_WEBSOCKET_URL'],
    ['emailIngest', 'INBOUND_MAIL_BUCKET'],
    ['socialWebhook', 'SOCIAL_SECRET_ARN'],
    ['slaCheck', 'TICKET_NUMBER_START'],
    ['agentLive', 'AGENT_JWKS_URL'],
    ['agentLive', 'AGENT_TOKEN_AUDIENCE'],
    ['agentLive', 'AGENT_CALLBACK_URL'],
  ] as [FunctionName, string][])('%s without %s fails at cold start, naming it', (name, variable) => {
    const { [variable]: _dropped, ...rest } = envs[name];
    expect(_dropped).toBeDefined();
    expect(() => wiring[name].forEach((build) => build(rest))).toThrow(variable);
  });
});
