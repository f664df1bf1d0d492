import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgeClient } from '#adapters/aws/eventbridge';
import { eventBridgeBus } from '#adapters/event-bus';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '#core/webhook-signature';
import { LocalEventBridge } from '#local/eventbridge';
import { LocalFunction } from '#local/functions';
import { EventSourceRunner } from '#local/runner';
import { LocalSecretsManager } from '#local/secrets-manager';
import { LOCAL_CREDENTIALS } from '#local/storage';
import { localWebhookSecret, startLocalWebhooks } from '#local/webhooks';
import { type RecordingServer, startRecordingServer } from '#test/recording-server';
import { eventually, stack, unique } from './helpers';

const credentials = LOCAL_CREDENTIALS;
const occurredAt = () => new Date().toISOString();

/**
 * The local webhooks as `npm start` runs them when events.webhooks is configured: a bus of this file's
 * own with the webhooks' rules, the webhook queue in the stack's SQS server, and eventPublisher's
 * bundle consuming it, posting to a real HTTP receiver.
 */
describe('signed webhooks, locally', () => {
  const region = 'us-east-1';
  let receiver: RecordingServer;
  let bus: LocalEventBridge;
  let secrets: LocalSecretsManager;
  let fn: LocalFunction;
  let runner: EventSourceRunner;
  const webhook = { url: '', secretName: 'shop/erp-webhook', events: ['Ticket Created' as const, 'Ticket Resolved' as const] };

  beforeAll(async () => {
    const { info, envs, bundles } = stack();
    receiver = await startRecordingServer(() => ({ status: 200 }));
    webhook.url = `${receiver.url}/destek`;
    const busName = unique('hooks-bus');
    bus = new LocalEventBridge({ credentials, region, service: 'events' }, '000000000000', busName);
    await bus.listen(0);
    secrets = new LocalSecretsManager({ credentials, region, service: 'secretsmanager' }, '000000000000');
    secrets.put(webhook.secretName, localWebhookSecret(webhook));
    const secretsUrl = await secrets.listen(0);
    fn = new LocalFunction(
      'eventPublisher',
      bundles.eventPublisher,
      {
        ...envs.eventPublisher,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsUrl,
        WEBHOOKS: JSON.stringify([{ url: webhook.url, secretId: webhook.secretName }]),
      },
      1,
      'silent',
    );
    const sqs = new SQSClient({ region, endpoint: info.sqs, credentials });
    runner = new EventSourceRunner(sqs, () => {}, region);
    await startLocalWebhooks([webhook], { sqs, bus, runner, consumer: fn, prefix: unique('Hooks') });
    // The publisher's side: our EventBridge client, as eventPublisher puts events.
    const publish = eventBridgeBus(new EventBridgeClient({ region, endpoint: bus.url, credentials }), busName);
    const ref = { ticketId: '10001', customerId: 'c_1' };
    await publish.publish([
      {
        type: 'Ticket Created',
        detail: { version: '1', eventId: 'ev-created', occurredAt: occurredAt(), ...ref, channel: 'chat', status: 'open', priority: 'normal' },
      },
      { type: 'Message Received', detail: { version: '1', eventId: 'ev-message', occurredAt: occurredAt(), ...ref, interactionId: 'i1', channel: 'chat' } },
      { type: 'Ticket Resolved', detail: { version: '1', eventId: 'ev-resolved', occurredAt: occurredAt(), ...ref } },
    ]);
  });
  afterAll(async () => {
    await runner?.stop();
    await fn?.close();
    await Promise.all([bus?.close(), secrets?.close(), receiver?.close()]);
  });

  it("POSTs the webhook's event types, each signed with its secret, and nothing else", async () => {
    const received = await eventually(async () => (receiver.received.length >= 2 ? receiver.received : undefined), 15_000, 'two webhook deliveries');
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received.map((r) => JSON.parse(r.body).detail.eventId).sort()).toEqual(['ev-created', 'ev-resolved']);
    for (const r of received) {
      expect(r.url).toBe('/destek');
      expect(verifyWebhookSignature(localWebhookSecret(webhook), r.headers[SIGNATURE_HEADER] as string, r.body, new Date())).toBe(true);
      expect(verifyWebhookSignature('some-other-secret', r.headers[SIGNATURE_HEADER] as string, r.body, new Date())).toBe(false);
      expect(JSON.parse(r.body)).toMatchObject({ source: 'destek', 'detail-type': expect.stringMatching(/^Ticket (Created|Resolved)$/) });
    }
  });
});

describe('destek events tail', () => {
  const root = resolve(import.meta.dirname, '../..');
  const run = (args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const child = spawn(process.execPath, [join(root, 'bin/destek.js'), 'events', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.once('exit', (code) => done({ code, out, err }));
    });

  it('prints what the local bus has, one line an event, and stops after --count', async () => {
    const { info } = stack();
    const file = join(mkdtempSync(join(tmpdir(), 'destek-tail-')), 'local.json');
    writeFileSync(file, JSON.stringify({ events: info.events }));
    // An event on the stack's own bus, put as eventPublisher puts them.
    const publish = eventBridgeBus(new EventBridgeClient({ region: info.region, endpoint: info.events, credentials }), info.eventBusName);
    expect(
      await publish.publish([{ type: 'Customer Erased', detail: { version: '1', eventId: unique('tail'), occurredAt: occurredAt(), customerId: 'c_tail' } }]),
    ).toBe(1);
    const { code, out } = await run(['tail', '--from-start', '--type', 'Customer Erased', '--count', '1', '--info-file', file]);
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toMatch(/^\d{4}-\d\d-\d\dT\S+Z {2}Customer Erased +customerId=c_[\w-]+ +\(\S+\)$/m);
  }, 120_000);

  it('fails in one line with a non-zero exit when the stack is not running or the type is unknown', async () => {
    // Each run starts the CLI (seconds on a busy machine): at once.
    const [missing, badType, help] = await Promise.all([
      run(['tail', '--info-file', '/nonexistent/local.json']),
      run(['tail', '--type', 'Ticket Exploded']),
      run(['--help']),
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    expect(missing.err).toMatch(/start the local stack/);
    expect(badType.code).not.toBe(0);
    expect(badType.err).toMatch(/not an event type/);
    expect(help.code).toBe(0);
    expect(help.out).toContain('destek events tail');
  }, 120_000);
});
