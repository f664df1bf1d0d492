import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventBridgeClient } from '#adapters/aws/eventbridge';
import { eventBridgeBus } from '#adapters/event-bus';
import { eventPattern } from '#definitions/webhooks';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhook, verifyWebhookSignature } from '#core/webhook-signature';
import { type BusEvent, LocalEventBridge } from '#local/eventbridge';
import { LocalSecretsManager } from '#local/secrets-manager';
import { webhookDeliveryFromEnv } from '#wiring/webhooks';
import { type RecordingServer, startRecordingServer } from '#test/recording-server';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'eu-central-1';
const SECRET = 'whsec-0123456789abcdef';
const now = new Date('2026-12-07T12:00:00.000Z');

const busEvent = (type: string, eventId: string): BusEvent => ({
  version: '0',
  id: `eb-${eventId}`,
  'detail-type': type,
  source: 'destek',
  account: '000000000000',
  time: now.toISOString(),
  region,
  resources: [],
  detail: { version: '1', eventId, occurredAt: now.toISOString(), ticketId: '10001', customerId: 'c_1' },
});

const sqsEvent = (bodies: { webhook: number; event: BusEvent }[]): SQSEvent =>
  ({
    Records: bodies.map((b, i) => ({ messageId: `m${i}`, body: JSON.stringify(b), eventSource: 'aws:sqs', attributes: { ApproximateReceiveCount: '1' } })),
  }) as unknown as SQSEvent;

describe('the webhook signature', () => {
  const body = JSON.stringify(busEvent('Ticket Created', 'e1'));
  const header = signWebhook(SECRET, body, now);

  it('verifies with the same secret over the same body within five minutes', () => {
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, header, body, new Date(now.getTime() + 299_000))).toBe(true);
  });

  it('fails for another body, another secret, an old delivery or no header', () => {
    expect(verifyWebhookSignature(SECRET, header, body.replace('10001', '10002'), now)).toBe(false);
    expect(verifyWebhookSignature('another-secret-value', header, body, now)).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, body, new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifyWebhookSignature(SECRET, undefined, body, now)).toBe(false);
  });
});

describe('signed webhook delivery', () => {
  const secrets = new LocalSecretsManager({ credentials, region, service: 'secretsmanager' }, '000000000000');
  let receiver: RecordingServer;
  let failing: RecordingServer;

  beforeAll(async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', await secrets.listen(0));
    vi.stubEnv('AWS_REGION', region);
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    secrets.put('erp-webhook', SECRET);
    receiver = await startRecordingServer(() => ({ status: 204 }));
    failing = await startRecordingServer(() => ({ status: 503 }));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await Promise.all([secrets.close(), receiver.close(), failing.close()]);
  });

  const deliveryTo = (...urls: string[]) =>
    webhookDeliveryFromEnv({ WEBHOOKS: JSON.stringify(urls.map((url) => ({ url, secretId: 'erp-webhook' }))) }, () => new Date())!;

  it('POSTs each event to its webhook as EventBridge delivered it, with a signature the receiver verifies and the event id', async () => {
    const deliver = deliveryTo(`${receiver.url}/hooks/destek`);
    const events = [busEvent('Ticket Created', 'e1'), busEvent('Ticket Resolved', 'e2')];
    const result = await deliver(sqsEvent(events.map((event) => ({ webhook: 0, event }))));
    expect(result.batchItemFailures).toEqual([]);
    expect(receiver.received).toHaveLength(2);
    for (const r of receiver.received) {
      expect(r).toMatchObject({ method: 'POST', url: '/hooks/destek' });
      expect(verifyWebhookSignature(SECRET, r.headers[SIGNATURE_HEADER] as string, r.body, new Date())).toBe(true);
      expect(r.headers[EVENT_ID_HEADER]).toBe(JSON.parse(r.body).detail.eventId);
    }
    expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual(expect.arrayContaining(events));
  });

  it('reports the records a receiver refused (or no webhook is configured for) as failed, so SQS retries them and then dead-letters them', async () => {
    const deliver = deliveryTo(receiver.url, failing.url);
    const result = await deliver(
      sqsEvent([
        { webhook: 0, event: busEvent('Ticket Created', 'ok') },
        { webhook: 1, event: busEvent('Ticket Created', 'refused') },
        { webhook: 7, event: busEvent('Ticket Created', 'nowhere') },
      ]),
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m1', 'm2']);
    expect(failing.received).toHaveLength(1);
  });

  it('is not built without webhooks, and a malformed WEBHOOKS fails at start with its name', () => {
    expect(webhookDeliveryFromEnv({})).toBeUndefined();
    expect(() => webhookDeliveryFromEnv({ WEBHOOKS: '[{"url":1}]' })).toThrow(/WEBHOOKS/);
  });
});

describe('the EventBridge stand-in with our client', () => {
  const bus = new LocalEventBridge({ credentials, region, service: 'events' }, '000000000000', 'Destek-events');
  let client: EventBridgeClient;
  beforeAll(async () => {
    client = new EventBridgeClient({ region, endpoint: await bus.listen(0), credentials });
  });
  afterAll(() => bus.close());

  it('keeps what is put on the bus and hands a rule only the events its pattern matches', async () => {
    const matched: BusEvent[] = [];
    bus.addRule(eventPattern(['Ticket Resolved']), async (e) => void matched.push(e));
    const publish = eventBridgeBus(client, 'Destek-events');
    const detail = (eventId: string) => ({ version: '1' as const, eventId, occurredAt: now.toISOString(), ticketId: '1', customerId: 'c' });
    const accepted = await publish.publish([
      { type: 'Ticket Updated', detail: { ...detail('u1'), changes: { status: { from: 'open', to: 'resolved' } } } },
      { type: 'Ticket Resolved', detail: detail('r1') },
    ]);
    expect(accepted).toBe(2);
    const { events, next } = bus.eventsAfter(0);
    expect(events.map((e) => [e['detail-type'], e.source, e.detail.eventId])).toEqual([
      ['Ticket Updated', 'destek', 'u1'],
      ['Ticket Resolved', 'destek', 'r1'],
    ]);
    expect(bus.eventsAfter(next).events).toEqual([]);
    await vi.waitFor(() => expect(matched.map((e) => e.detail.eventId)).toEqual(['r1']));
  });

  it('refuses an entry for a bus that does not exist: the publisher reports it not accepted', async () => {
    const errors: unknown[] = [];
    const publish = eventBridgeBus(client, 'no-such-bus', (e) => errors.push(e));
    expect(await publish.publish([{ type: 'Customer Erased', detail: { version: '1', eventId: 'x', occurredAt: now.toISOString(), customerId: 'c' } }])).toBe(
      0,
    );
    expect(String(errors[0])).toMatch(/ResourceNotFoundException/);
  });

  it('refuses unsigned requests', async () => {
    const res = await fetch(bus.url, { method: 'POST', headers: { 'x-amz-target': 'AWSEvents.PutEvents' }, body: '{"Entries":[]}' });
    expect(res.status).toBe(403);
  });
});
