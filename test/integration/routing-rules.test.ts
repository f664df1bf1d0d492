import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, PutCommand, QueryCommand } from '#adapters/aws/dynamodb';
import { SqsClient } from '#adapters/aws/sqs';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { DynamoStore } from '#adapters/dynamo-store';
import { sqsOutboundQueue } from '#adapters/fifo-queue';
import { dynamoRuleSource, dynamoRuleStore, RULES_MAX_AGE_MS } from '#adapters/routing-store';
import { keys } from '#adapters/table-keys';
import { dynamoTeamStore } from '#adapters/team-directory';
import type { InboundMessage } from '#core/messages';
import { processInbound } from '#core/pipeline';
import { ensureTable } from '#local/dynamodb';
import { ruleListSchema, ruleSchema } from '#agent/routing-schemas';
import { COMPLAINT, chat, db, ticketOf } from './agent-helpers';
import { eventually, http, stack, unique } from './helpers';

const tableName = () => stack().envs.agentApi.TABLE_NAME!;
const timeline = async (id: string) => (await http('GET', `/tickets/${id}`)).json.timeline as any[];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** This file's rules match only customers with this tag: the other test files' messages never meet them. */
const marker = unique('kural');
let cannedId: string;

beforeAll(async () => {
  const at = new Date().toISOString();
  await dynamoTeamStore(db(), tableName()).putTeam({ id: 'kargo', name: 'Kargo', members: [], assignment: 'manual', createdAt: at, updatedAt: at });
  const canned = await http('POST', '/canned-responses', {
    body: { locale: 'tr', title: 'Kargo', text: 'Merhaba {{customer.name}}, {{ticket.number}} numaralı talebiniz kargo ekibimizde.' },
  });
  cannedId = canned.json.id;
});

const kargoRule = (over: object = {}) => ({
  name: `Kargo ${marker}`,
  when: 'ticket_created',
  conditions: { channels: ['chat'], customerTags: [marker], textContains: ['kargom nerede'] },
  actions: { team: 'kargo', addTags: ['kargo'], cannedReply: { tr: cannedId } },
  ...over,
});

describe('routing rules through the admin API', () => {
  it('refuses an unknown intent, team or canned response with a 400 naming the field; agents get 403', async () => {
    const intent = await http('POST', '/rules', { body: kargoRule({ conditions: { intents: ['where_is_my_kargo'] } }) });
    expect(intent.status).toBe(400);
    expect(intent.json.error.details.map((d: { path: string }) => d.path)).toEqual(['conditions.intents.0']);
    const refs = await http('POST', '/rules', { body: kargoRule({ actions: { team: 'yok', cannedReply: { tr: 'nothing-here' } } }) });
    expect(refs.status).toBe(400);
    expect(refs.json.error.details.map((d: { path: string }) => d.path)).toEqual(['actions.team', 'actions.cannedReply.tr']);
    const noAction = await http('POST', '/rules', { body: kargoRule({ actions: { stop: true } }) });
    expect(noAction.status).toBe(400);
    expect((await http('POST', '/rules', { token: stack().agentOnlyToken, body: kargoRule() })).status).toBe(403);
    expect((await http('GET', '/rules', { token: stack().agentOnlyToken })).status).toBe(403);
  });

  it('creates, reads, replaces, reorders and deletes rules', async () => {
    const a = await http('POST', '/rules', { body: kargoRule({ id: unique('a'), enabled: false }) });
    expect(a.status).toBe(201);
    expect(ruleSchema.parse(a.json)).toMatchObject({ enabled: false, hits: 0, conditions: { customerTags: [marker] } });
    const b = await http('POST', '/rules', { body: kargoRule({ id: unique('b'), enabled: false, when: 'message_received' }) });
    expect((await http('POST', '/rules', { body: kargoRule({ id: a.json.id }) })).status).toBe(409);
    const listed = ruleListSchema.parse((await http('GET', '/rules')).json).items.map((r) => r.id);
    expect(listed.indexOf(a.json.id)).toBeLessThan(listed.indexOf(b.json.id));

    const reversed = [...listed].reverse();
    const reordered = await http('PUT', '/rules/order', { body: { ids: reversed } });
    expect(reordered.status).toBe(200);
    expect(reordered.json.items.map((r: { id: string }) => r.id)).toEqual(reversed);
    const missing = await http('PUT', '/rules/order', { body: { ids: reversed.slice(1) } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details[0].path).toBe('ids');

    const replaced = await http('PUT', `/rules/${a.json.id}`, { body: { ...kargoRule({ enabled: false }), name: 'Kargo (yeni)' } });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ id: a.json.id, name: 'Kargo (yeni)', createdAt: a.json.createdAt });
    expect((await http('GET', `/rules/${a.json.id}`)).json.name).toBe('Kargo (yeni)');
    for (const id of [a.json.id, b.json.id]) expect((await http('DELETE', `/rules/${id}`)).status).toBe(204);
    expect((await http('GET', `/rules/${a.json.id}`)).status).toBe(404);
    expect((await http('DELETE', `/rules/${a.json.id}`)).status).toBe(404);
  });

  it('routes a Turkish "kargom nerede" chat to team kargo with a tag, one event, one canned reply, and counts the hit', async () => {
    const visitor = unique('rv');
    await chat(visitor, 'm1', COMPLAINT, { name: 'Ayşe' });
    const first = await ticketOf('chat', visitor);
    expect((await http('PATCH', `/customers/${first.customerId}`, { body: { addTags: [marker] } })).json.tags).toEqual([marker]);
    expect((await http('PATCH', `/tickets/${first.id}`, { body: { status: 'closed' } })).status).toBe(200);
    const created = await http('POST', '/rules', { body: kargoRule() });
    expect(created.status).toBe(201);
    // The pipeline reads the rules again after at most this long.
    await sleep(RULES_MAX_AGE_MS + 1000);

    await chat(visitor, 'm2', 'KARGOM NEREDE? üç gündür bekliyorum', { name: 'Ayşe' });
    // The bot may answer it too (asking for the order number): the ticket is open or pending.
    const ticket = await eventually(async () => {
      for (const status of ['open', 'pending']) {
        const r = await http('GET', `/tickets?status=${status}&channel=chat&limit=100`);
        const t = r.json.items.find((i: { conversationId: string; id: string }) => i.conversationId === visitor && i.id !== first.id);
        if (t) return t;
      }
      return undefined;
    }, 15_000);
    expect(ticket.tags).toContain('kargo');
    const stored = await db().send(new GetCommand({ TableName: tableName(), Key: keys.ticket(ticket.id) }));
    expect(stored.Item?.team).toBe('kargo');
    const items = await eventually(async () => {
      const all = await timeline(ticket.id);
      return all.filter((i) => i.direction === 'out').length >= 2 ? all : undefined;
    }, 10_000);
    const ruleEvents = items.filter((i) => i.event?.type === 'rule');
    expect(ruleEvents.map((e) => e.text)).toEqual([`rule "Kargo ${marker}" set team kargo, tags kargo`]);
    const canned = items.filter((i) => i.direction === 'out' && i.text.includes('kargo ekibimizde'));
    expect(canned.map((c) => c.text)).toEqual([`Merhaba Ayşe, #${ticket.number} numaralı talebiniz kargo ekibimizde.`]);
    const rule = (await http('GET', `/rules/${created.json.id}`)).json;
    expect(rule.hits).toBe(1);
    // A later message on the same ticket is not a ticket_created: no second reply, no second hit.
    await chat(visitor, 'm3', 'kargom nerede, hâlâ bekliyorum');
    await eventually(async () => ((await timeline(ticket.id)).filter((i) => i.direction === 'in').length >= 2 ? true : undefined), 10_000);
    expect((await timeline(ticket.id)).filter((i) => i.text?.includes('kargo ekibimizde'))).toHaveLength(1);
    expect((await http('GET', `/rules/${created.json.id}`)).json.hits).toBe(1);
    await http('DELETE', `/rules/${created.json.id}`);
  }, 60_000);
});

describe('a replayed message does not run the rules twice', () => {
  it('run again, and twice at once: one rule event, one canned reply sent, one hit', async () => {
    const { info } = stack();
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const table = unique('rules');
    await ensureTable(new DynamoDBClient({ region: info.region, endpoint: info.dynamodb, credentials }), table);
    const doc = createDocumentClient({ region: info.region, endpoint: info.dynamodb, credentials });
    const sqs = new SQSClient({ region: info.region, endpoint: info.sqs, credentials });
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${unique('rules-out')}.fifo`, Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
    await doc.send(
      new PutCommand({ TableName: table, Item: { ...keys.canned('tr', 'c1'), id: 'c1', locale: 'tr', title: 't', text: 'Kargo ekibimiz ilgileniyor.' } }),
    );
    const at = new Date().toISOString();
    await dynamoRuleStore(doc, table).putRule(
      {
        id: 'kargo',
        name: 'Kargo',
        enabled: true,
        when: 'message_received',
        conditions: { textContains: ['kargom nerede'] },
        actions: { team: 'kargo', addTags: ['kargo'], cannedReply: { tr: 'c1' } },
        createdAt: at,
        updatedAt: at,
        updatedBy: 'admin',
      },
      true,
    );
    const deps = {
      store: new DynamoStore(doc, { tableName: table, ticketNumberStart: 70001 }),
      outbound: sqsOutboundQueue(new SqsClient({ region: info.region, endpoint: info.sqs, credentials }), queueUrl),
      settings: { defaultLocale: 'tr', locales: ['tr', 'en'], firstResponseHours: 24 },
      rules: dynamoRuleSource(doc, table, 0),
    };
    const conversation = unique('rc');
    const msg: InboundMessage = {
      channel: 'chat',
      channelMessageId: `${conversation}/${randomUUID()}`,
      from: { address: conversation },
      conversationKey: conversation,
      text: 'Kargom nerede?',
      attachments: [],
      receivedAt: new Date().toISOString(),
    };
    const first = await processInbound(deps, msg);
    const again = await Promise.all([processInbound(deps, msg), processInbound(deps, msg), processInbound(deps, { ...msg })]);
    expect(first.status).toBe('stored');
    expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);

    const items =
      (
        await doc.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
            ExpressionAttributeValues: { ':pk': keys.ticket(first.ticketId).pk, ':p': 'INTERACTION#' },
          }),
        )
      ).Items ?? [];
    expect(items.filter((i) => i.event?.type === 'rule')).toHaveLength(1);
    expect(items.filter((i) => i.text === 'Kargo ekibimiz ilgileniyor.')).toHaveLength(1);
    const bodies: string[] = [];
    for (let i = 0; i < 4; i++) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 600 }));
      bodies.push(...(out.Messages ?? []).map((m) => m.Body!));
    }
    expect(bodies.filter((b) => b.includes('Kargo ekibimiz ilgileniyor.'))).toHaveLength(1);
    expect(await dynamoRuleStore(doc, table).ruleHits(['kargo'])).toEqual({ kargo: 1 });
    const ticket = await deps.store.getTicket(first.ticketId);
    expect(ticket).toMatchObject({ team: 'kargo', tags: ['kargo'] });
  });
});
