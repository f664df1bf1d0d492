import { UpdateCommand } from '#adapters/aws/dynamodb';
import { slaScheduleName } from '#adapters/sla-scheduler';
import { keys } from '#adapters/table-keys';
import { dynamoTeamStore } from '#adapters/team-directory';
import { describe, expect, it } from 'vitest';
import { chat, chatTicket, db } from './agent-helpers';
import { sentTo } from './email-helpers';
import { asyncInvocationsIdle, eventually, http, invokeAsync, stack, unique } from './helpers';

// The repository configuration's policy "standart": first response by priority (24 h for a complaint
// at normal, 8 at high), next response 24 h, resolution 72 h; escalation at 80%; no business hours
// (the calendar cases are unit tests: test/unit/sla-policies.test.ts, business-time.test.ts).

interface LocalSchedule {
  Name: string;
  GroupName: string;
  Target: { Input: string };
}
const group = () => stack().envs.pipeline.SLA_SCHEDULE_GROUP!;
const schedules = async (): Promise<LocalSchedule[]> =>
  ((await (await fetch(`${stack().info.scheduler}/_local/schedules`)).json()) as { schedules: LocalSchedule[] }).schedules;
const timerInput = async (name: string) => {
  const s = (await schedules()).find((x) => x.GroupName === group() && x.Name === name);
  return s ? (JSON.parse(s.Target.Input) as { ticketId: string; dueAt: string; target?: string }) : undefined;
};
async function fire(name: string): Promise<void> {
  const r = await fetch(`${stack().info.scheduler}/_local/fire?groupName=${group()}&name=${name}`, { method: 'POST' });
  expect(await r.json()).toEqual({ fired: 1 });
}
const drained = () => asyncInvocationsIdle(10_000);
const ticket = async (id: string) => (await http('GET', `/tickets/${id}`)).json;
const events = async (id: string, type: string) => (await ticket(id)).timeline.filter((i: any) => i.kind === 'event' && i.event?.type === type);
const today = () => new Date().toISOString().slice(0, 10);

/** A team of the stack's table with two members and a lead, each with an address of this test's own. */
async function team() {
  const id = unique('team');
  const store = dynamoTeamStore(db(), stack().info.tableName);
  const at = new Date().toISOString();
  const [assignee, member, lead] = ['assignee', 'member', 'lead'].map((r) => ({ agentId: `${id}-${r}`, email: `${id}-${r}@agents.test` }));
  for (const a of [assignee!, member!, lead!]) await store.putAgent({ ...a, presence: 'available', updatedAt: at });
  await store.putTeam({ id, name: id, members: [assignee!.agentId, member!.agentId], lead: lead!.agentId, assignment: 'manual', createdAt: at, updatedAt: at });
  return { id, assignee: assignee!, member: member!, lead: lead! };
}

/** Routes the ticket to the team (routing rules do that; here the item is written directly). */
const route = (ticketId: string, teamId: string) =>
  db().send(
    new UpdateCommand({
      TableName: stack().info.tableName,
      Key: keys.ticket(ticketId),
      UpdateExpression: 'SET #t = :t',
      ExpressionAttributeNames: { '#t': 'team' },
      ExpressionAttributeValues: { ':t': teamId },
    }),
  );

describe('SLA escalation and breach', () => {
  it('at 80% the assignee is e-mailed once however often the timer fires; at the due time the team lead; both are events and counted', async () => {
    const tm = await team();
    const t = await chatTicket(unique('sla-esc'));
    await route(t.id, tm.id);
    expect((await http('PATCH', `/tickets/${t.id}`, { body: { assignee: tm.assignee.agentId } })).status).toBe(200);
    const first = await eventually(() => timerInput(slaScheduleName(t.id)), 5000, 'the timer');
    // The timer fires first at 80% of the first response's time.
    const share = (Date.parse(first.dueAt) - Date.parse(t.createdAt)) / (Date.parse(t.firstResponseDueAt) - Date.parse(t.createdAt));
    expect(share).toBeCloseTo(0.8, 2);

    await Promise.all([fire(slaScheduleName(t.id)), invokeAsync('slaCheck', first), invokeAsync('slaCheck', first)]);
    await drained();
    await invokeAsync('slaCheck', first);
    await drained();
    const escalated = await events(t.id, 'sla_escalated');
    expect(escalated).toEqual([
      expect.objectContaining({
        author: 'system',
        event: { type: 'sla_escalated', from: null, to: t.firstResponseDueAt, policy: 'standart', target: 'first_response' },
      }),
    ]);
    expect((await ticket(t.id)).sla).toMatchObject({ policy: 'standart', escalated: ['first_response'], breached: [] });
    const mails = await sentTo(tm.assignee.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(`[#${t.id}] SLA`);
    expect(await sentTo(tm.member.email)).toEqual([]);
    // Re-armed for the due time.
    expect(await timerInput(slaScheduleName(t.id))).toEqual({ ticketId: t.id, dueAt: t.firstResponseDueAt });

    await fire(slaScheduleName(t.id));
    await drained();
    await invokeAsync('slaCheck', { ticketId: t.id, dueAt: t.firstResponseDueAt });
    await drained();
    expect((await ticket(t.id)).slaBreachedAt).toBe(t.firstResponseDueAt);
    expect(await events(t.id, 'sla_breached')).toHaveLength(1);
    expect(await sentTo(tm.lead.email)).toHaveLength(1);
    expect(await sentTo(tm.assignee.email)).toHaveLength(1);

    const sla = (await http('GET', `/metrics?from=${today()}&to=${today()}`)).json.sla;
    expect(sla.byTeam[tm.id]).toMatchObject({ tickets: 1, escalations: 1, breaches: 1 });
    expect(sla.escalations.standart.first_response).toBeGreaterThanOrEqual(1);
    expect(sla.breaches.standart.first_response).toBeGreaterThanOrEqual(1);
  });

  it('an unassigned ticket escalates to its team’s members', async () => {
    const tm = await team();
    const t = await chatTicket(unique('sla-team'));
    await route(t.id, tm.id);
    const first = await eventually(() => timerInput(slaScheduleName(t.id)), 5000, 'the timer');
    await invokeAsync('slaCheck', first);
    await drained();
    expect(await sentTo(tm.assignee.email)).toHaveLength(1);
    expect(await sentTo(tm.member.email)).toHaveLength(1);
    expect(await sentTo(tm.lead.email)).toEqual([]);
  });

  it('a customer follow-up after a person answered starts the next-response timer; nobody answering breaches it, an answer does not', async () => {
    const v = unique('sla-next');
    const t = await chatTicket(v);
    expect((await http('POST', `/tickets/${t.id}/replies`, { body: { text: 'Merhaba, bakıyorum.' } })).status).toBe(201);
    expect((await ticket(t.id)).sla.due.next_response).toBeNull();
    await chat(v, 'm2', 'Hâlâ bekliyorum, siparişim gelmedi');
    const waiting = await eventually(async () => ((await ticket(t.id)).sla.due.next_response ? ticket(t.id) : undefined), 8000, 'the next-response clock');
    const due = waiting.sla.due.next_response as string;
    const timer = await eventually(() => timerInput(slaScheduleName(t.id, 'next_response')), 5000, 'the next-response timer');
    expect(timer).toMatchObject({ ticketId: t.id, target: 'next_response' });
    expect(Date.parse(timer.dueAt)).toBeLessThan(Date.parse(due));

    await invokeAsync('slaCheck', { ticketId: t.id, dueAt: due, target: 'next_response' });
    await drained();
    expect(await events(t.id, 'sla_breached')).toEqual([expect.objectContaining({ event: expect.objectContaining({ target: 'next_response', to: due }) })]);
    expect((await ticket(t.id)).sla.breached).toEqual(['next_response']);

    // Answered in time on another ticket: its timer breaches nothing.
    const v2 = unique('sla-next-ok');
    const t2 = await chatTicket(v2);
    await http('POST', `/tickets/${t2.id}/replies`, { body: { text: 'Merhaba.' } });
    await chat(v2, 'm2', 'Bir sorum daha var');
    const w2 = await eventually(async () => ((await ticket(t2.id)).sla.due.next_response ? ticket(t2.id) : undefined), 8000, 'the clock');
    await http('POST', `/tickets/${t2.id}/replies`, { body: { text: 'Buyrun.' } });
    await invokeAsync('slaCheck', { ticketId: t2.id, dueAt: w2.sla.due.next_response, target: 'next_response' });
    await drained();
    expect(await events(t2.id, 'sla_breached')).toEqual([]);
  });

  it('every ticket people have gets a resolution timer: an unresolved one breaches at its due time, a resolved one does not', async () => {
    const open = await chatTicket(unique('sla-res'));
    const resolved = await chatTicket(unique('sla-res-ok'));
    for (const t of [open, resolved])
      expect(await eventually(() => timerInput(slaScheduleName(t.id, 'resolution')), 5000, 'the resolution timer')).toMatchObject({ target: 'resolution' });
    expect((await http('PATCH', `/tickets/${resolved.id}`, { body: { status: 'resolved' } })).status).toBe(200);
    for (const t of [open, resolved]) await invokeAsync('slaCheck', { ticketId: t.id, dueAt: t.sla.due.resolution, target: 'resolution' });
    await drained();
    expect(await events(open.id, 'sla_breached')).toEqual([
      expect.objectContaining({ event: expect.objectContaining({ target: 'resolution', policy: 'standart' }) }),
    ]);
    expect(await events(resolved.id, 'sla_breached')).toEqual([]);
    const sla = (await http('GET', `/metrics?from=${today()}&to=${today()}`)).json.sla;
    expect(sla.breaches.standart.resolution).toBeGreaterThanOrEqual(1);
    expect(sla.firstResponseBusiness.count).toBeGreaterThanOrEqual(1);
  });
});
