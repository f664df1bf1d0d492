import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { describe, expect, it } from 'vitest';
import { SqsClient } from '#adapters/aws/sqs';
import { DynamoStore } from '#adapters/dynamo-store';
import { sqsOutboundQueue } from '#adapters/fifo-queue';
import { SchedulerClient as LiteSchedulerClient } from '#adapters/aws/scheduler';
import { eventBridgeSlaTimer, slaScheduleName } from '#adapters/sla-scheduler';
import type { InboundMessage } from '#core/messages';
import { processInbound } from '#core/pipeline';
import type { SlaTimer } from '#core/sla';
import { LOCAL_CREDENTIALS } from '#local/storage';
import { chat, chatTicket, db } from './agent-helpers';
import { ChatClient, visitorToken } from './chat-helpers';
import { asyncInvocationsIdle, eventually, http, invokeAsync, stack, ticketOfVisitor, unique } from './helpers';

const region = 'us-east-1';
const sqs = () => new SQSClient({ region, endpoint: stack().info.sqs, credentials: LOCAL_CREDENTIALS });
const scheduler = () => new SchedulerClient({ region, endpoint: stack().info.scheduler, credentials: LOCAL_CREDENTIALS });
/** The client the pipeline's timer speaks through (adapters/aws/scheduler.ts). */
const liteScheduler = () => new LiteSchedulerClient({ region, endpoint: stack().info.scheduler, credentials: async () => LOCAL_CREDENTIALS });
const group = () => stack().envs.pipeline.SLA_SCHEDULE_GROUP!;

interface LocalSchedule {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ActionAfterCompletion: string;
  Target: { Arn: string; Input: string };
}
const schedules = async (): Promise<LocalSchedule[]> =>
  ((await (await fetch(`${stack().info.scheduler}/_local/schedules`)).json()) as { schedules: LocalSchedule[] }).schedules;
const timerOf = async (ticketId: string, groupName = group()) =>
  (await schedules()).find((s) => s.GroupName === groupName && s.Name === slaScheduleName(ticketId));

/** Fires one ticket's timer now, as if its due time had come (only this test's own: the stack is shared). */
async function fire(ticketId: string): Promise<void> {
  const r = await fetch(`${stack().info.scheduler}/_local/fire?groupName=${group()}&name=${slaScheduleName(ticketId)}`, { method: 'POST' });
  expect(await r.json()).toEqual({ fired: 1 });
}

/** No checker invocation is running or waiting for a retry: every timer fired so far was checked. */
const drained = () => asyncInvocationsIdle(10_000);

/** Fires the timer at its escalation point (80%), then again once the checker re-armed it for the due time. */
async function fireToBreach(t: { id: string; firstResponseDueAt: string }): Promise<void> {
  await fire(t.id);
  await eventually(
    async () => {
      const timer = await timerOf(t.id);
      return timer && JSON.parse(timer.Target.Input).dueAt === t.firstResponseDueAt ? timer : undefined;
    },
    8000,
    'the timer re-armed for the due time',
  );
  await fire(t.id);
}

/** A ticket's timer input straight to the checker, as Scheduler (at least once) may invoke it again. */
const deliver = (t: { id: string; firstResponseDueAt: string }) => invokeAsync('slaCheck', { ticketId: t.id, dueAt: t.firstResponseDueAt });
const timerSet = (id: string) => eventually(() => timerOf(id), 5000, 'the ticket timer');

const ticket = async (id: string) => (await http('GET', `/tickets/${id}`)).json;
const breachEvents = async (id: string) => (await ticket(id)).timeline.filter((i: any) => i.kind === 'event' && i.event?.type === 'sla_breached');
const today = () => new Date().toISOString().slice(0, 10);
async function expectNoBreach(id: string) {
  await drained();
  expect(await ticket(id)).toMatchObject({ slaBreachedAt: null });
  expect(await breachEvents(id)).toEqual([]);
}
const slaBreaches = async () => (await http('GET', `/metrics?from=${today()}&to=${today()}`)).json.slaBreaches as number;

describe('the first-response SLA timer', () => {
  it('a ticket nobody answers is breached when its timer fires: listed as breached, an event on its timeline, counted in the metrics', async () => {
    const t = await chatTicket(unique('sla'));
    const timer = await timerSet(t.id);
    expect(timer).toMatchObject({ ActionAfterCompletion: 'DELETE', Target: { Arn: stack().envs.pipeline.SLA_TARGET_ARN } });
    // First at the escalation point (80% of the time), re-armed for the due time by the checker.
    const escalation = JSON.parse(timer.Target.Input).dueAt as string;
    expect(JSON.parse(timer.Target.Input)).toEqual({ ticketId: t.id, dueAt: escalation });
    expect(Date.parse(escalation)).toBeLessThan(Date.parse(t.firstResponseDueAt));
    // Whole seconds, rounded up: never before its moment.
    expect(timer.ScheduleExpression).toBe(`at(${new Date(Math.ceil(Date.parse(escalation) / 1000) * 1000).toISOString().slice(0, 19)})`);
    expect(t.slaBreachedAt).toBeNull();
    const before = await slaBreaches();

    await fireToBreach(t);
    const breached = await eventually(async () => ((await ticket(t.id)).slaBreachedAt ? ticket(t.id) : undefined), 8000, 'the breach');
    expect(breached).toMatchObject({ slaBreachedAt: t.firstResponseDueAt, status: 'open' });
    expect(await breachEvents(t.id)).toEqual([
      expect.objectContaining({
        direction: 'internal',
        author: 'system',
        at: t.firstResponseDueAt,
        event: { type: 'sla_breached', from: null, to: t.firstResponseDueAt, policy: 'standart', target: 'first_response' },
      }),
    ]);
    const listed = (await http('GET', `/tickets?status=open&channel=chat&breached=true&limit=100`)).json.items.map((i: { id: string }) => i.id);
    expect(listed).toContain(t.id);
    expect((await http('GET', `/tickets?status=open&channel=chat&breached=false&limit=100`)).json.items.map((i: { id: string }) => i.id)).not.toContain(t.id);
    expect(await slaBreaches()).toBe(before + 1);
    // Fired and deleted (ActionAfterCompletion DELETE).
    expect(await timerOf(t.id)).toBeUndefined();
  });

  it('fires on its own at its time: a timer a second ahead breaches the ticket without anyone firing it', async () => {
    const t = await chatTicket(unique('sla-real'));
    const at = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
    // Moved to fire now (as the pipeline moves a timer earlier); the input keeps the ticket's due time.
    await scheduler().send(
      new CreateScheduleCommand({
        Name: `real-${t.id}`,
        GroupName: group(),
        ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`,
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: stack().envs.pipeline.SLA_TARGET_ARN!,
          RoleArn: stack().envs.pipeline.SLA_SCHEDULER_ROLE_ARN!,
          Input: JSON.stringify({ ticketId: t.id, dueAt: t.firstResponseDueAt }),
        },
      }),
    );
    const breached = await eventually(async () => ((await ticket(t.id)).slaBreachedAt ? ticket(t.id) : undefined), 10_000, 'the breach');
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
    expect(breached.slaBreachedAt).toBe(t.firstResponseDueAt);
  });

  it('a ticket the bot answered gets no timer, and a timer that reaches it anyway breaches nothing', async () => {
    const v = unique('sla-bot');
    await chat(v, 'm1', 'Merhaba, kargom nerede?');
    const t = await eventually(
      async () => {
        const found = await ticketOfVisitor(v);
        return found?.firstResponseAt ? found : undefined;
      },
      8000,
      'the bot answer',
    );
    expect(t).toMatchObject({ firstResponder: 'bot', handling: 'bot' });
    // The pipeline would have set a timer right after storing the answer.
    await new Promise((r) => setTimeout(r, 300));
    expect(await timerOf(t.id)).toBeUndefined();
    await deliver(t);
    await expectNoBreach(t.id);
  });

  /** A visitor the bot answered, then who asked for a person: the handoff message and the ticket after it. */
  async function handedOver() {
    const token = await visitorToken();
    const live = await ChatClient.open(token.token);
    live.say('kargom nerede 100001');
    await live.next((f) => f.type === 'message' && f.kind === 'bot_answer');
    const from = live.frames.length;
    live.say('Temsilciye bağlan');
    const promise = await live.next((f) => f.type === 'message', 8000, from);
    await live.close();
    const t = await eventually(
      async () => {
        const found = await ticketOfVisitor(token.visitorId);
        return found?.handedOffAt ? found : undefined;
      },
      8000,
      'the handoff',
    );
    return { promise, t };
  }

  it('after a bot answer, asking for a person gets a message at once saying by when (Istanbul time), and a timer from the handoff that breaches when nobody answers', async () => {
    const { promise, t } = await handedOver();
    expect(promise.kind).toBe('acknowledgement');
    expect(promise.text).toMatch(/^Sizi ekibimize aktarıyorum\. Bir temsilcimiz en geç (bugün|yarın) \d\d:\d\d \(TSİ\) size yanıt verecek\./);
    // The bot's first response stays its own fact; the SLA now waits for people.
    expect(t).toMatchObject({ handling: 'human', firstResponder: 'bot', humanResponseAt: null });
    expect(Date.parse(t.firstResponseDueAt)).toBeGreaterThan(Date.parse(t.handedOffAt));
    const timer = await timerSet(t.id);
    expect(Date.parse(JSON.parse(timer.Target.Input).dueAt)).toBeGreaterThan(Date.parse(t.handedOffAt));
    await fireToBreach(t);
    const breached = await eventually(async () => ((await ticket(t.id)).slaBreachedAt ? ticket(t.id) : undefined), 8000, 'the breach');
    expect(breached.slaBreachedAt).toBe(t.firstResponseDueAt);
  });

  it("a person's answer after the handoff, in time, is what the SLA measures: no breach", async () => {
    const { t } = await handedOver();
    await timerSet(t.id);
    expect((await http('POST', `/tickets/${t.id}/replies`, { body: { text: 'Merhaba, ben Elif, hemen bakıyorum.' } })).status).toBe(201);
    expect(await ticket(t.id)).toMatchObject({ firstResponder: 'bot', humanResponseAt: expect.any(String) });
    await fire(t.id);
    await expectNoBreach(t.id);
  });

  it('a ticket an agent answered before its due time is acknowledged without a breach when its timer fires', async () => {
    const t = await chatTicket(unique('sla-agent'));
    await timerSet(t.id);
    expect((await http('POST', `/tickets/${t.id}/replies`, { body: { text: 'Hemen bakıyorum.' } })).status).toBe(201);
    const answered = await ticket(t.id);
    expect(answered.firstResponder).toBe('human');
    await fire(t.id);
    await expectNoBreach(t.id);
  });

  it('a timer delivered many times, concurrently and again later, records one breach and one event', async () => {
    const t = await chatTicket(unique('sla-twice'));
    await timerSet(t.id);
    // Scheduler and SQS deliver at least once: five copies at once, with the timer itself.
    await Promise.all([fire(t.id), ...Array.from({ length: 5 }, () => deliver(t))]);
    await drained();
    await deliver(t);
    await drained();
    expect((await ticket(t.id)).slaBreachedAt).toBe(t.firstResponseDueAt);
    expect(await breachEvents(t.id)).toHaveLength(1);
  });
});

describe('the pipeline and the timer', () => {
  const message = (conversation: string): InboundMessage => ({
    channel: 'chat',
    channelMessageId: `${conversation}/${randomUUID()}`,
    from: { address: conversation },
    conversationKey: conversation,
    text: 'Siparişim nerede?',
    attachments: [],
    receivedAt: new Date().toISOString(),
  });

  /** The pipeline's core on the stack's table and queues, with a timer that counts what it did. */
  async function pipeline(groupName: string, failFirst = false) {
    const env = stack().envs.pipeline;
    const real = eventBridgeSlaTimer(liteScheduler(), {
      groupName,
      targetArn: env.SLA_TARGET_ARN!,
      roleArn: env.SLA_SCHEDULER_ROLE_ARN!,
      deadLetterArn: env.SLA_DEAD_LETTER_ARN!,
    });
    const outcomes: string[] = [];
    let calls = 0;
    const slaTimer: SlaTimer = {
      async ensure(input) {
        // A crash after the transaction, before the timer: the first run stores the message only.
        if (failFirst && calls++ === 0) throw new Error('crashed before the timer');
        const outcome = await real.ensure(input);
        outcomes.push(outcome);
        return outcome;
      },
    };
    const store = new DynamoStore(db(), { tableName: stack().info.tableName, ticketNumberStart: Number(env.TICKET_NUMBER_START) });
    // Replies go to a queue of this test's own: nothing here is for the stack's sender.
    const outboundUrl = (await sqs().send(new CreateQueueCommand({ QueueName: `${unique('sla-out')}.fifo`, Attributes: { FifoQueue: 'true' } }))).QueueUrl!;
    const deps = {
      store,
      outbound: sqsOutboundQueue(new SqsClient({ region, endpoint: stack().info.sqs, credentials: LOCAL_CREDENTIALS }), outboundUrl),
      settings: { defaultLocale: 'tr', locales: ['tr', 'en'], firstResponseHours: 24 },
      slaTimer,
    };
    return { deps, outcomes };
  }

  it('a replayed inbound message creates no second timer (five replays, one after another and at once)', async () => {
    const groupName = unique('sla-replay');
    const { deps, outcomes } = await pipeline(groupName);
    const msg = message(unique('sla-replay'));
    const first = await processInbound(deps, msg);
    expect(first).toMatchObject({ status: 'stored', createdTicket: true });
    await processInbound(deps, msg);
    await Promise.all([1, 2, 3, 4].map(() => processInbound(deps, msg)));
    expect(outcomes).toEqual(['created', 'kept', 'kept', 'kept', 'kept', 'kept']);
    expect((await schedules()).filter((s) => s.GroupName === groupName)).toHaveLength(1);
  });

  it('a message whose first run died before setting the timer gets it when the message is retried', async () => {
    const groupName = unique('sla-crash');
    const { deps, outcomes } = await pipeline(groupName, true);
    const msg = message(unique('sla-crash'));
    await expect(processInbound(deps, msg)).rejects.toThrow('crashed before the timer');
    const retried = await processInbound(deps, msg);
    expect(retried.status).toBe('duplicate');
    expect(outcomes).toEqual(['created']);
    const timer = await timerOf(retried.ticketId, groupName);
    const stored = await deps.store.getTicket(retried.ticketId);
    expect(JSON.parse(timer!.Target.Input)).toEqual({ ticketId: retried.ticketId, dueAt: stored!.firstResponseDueAt });
  });
});
