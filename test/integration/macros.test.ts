import { describe, expect, it } from 'vitest';
import { macroListSchema, macroRunSchema, macroSchema } from '#agent/routing-schemas';
import { chatTicket } from './agent-helpers';
import { http, stack, unique } from './helpers';

const timeline = async (id: string) => (await http('GET', `/tickets/${id}`)).json.timeline as any[];
const macroEvents = (items: any[]) => items.filter((i) => i.event?.type === 'macro');
const replies = (items: any[]) => items.filter((i) => i.kind === 'agent_reply');

const kargoMacro = () => ({
  name: `Kargo yanıtı ${unique('m')}`,
  actions: {
    reply: {
      tr: 'Merhaba {{customer.name}}, {{ticket.number}} numaralı talebiniz için kargonuz yolda.',
      en: 'Hi {{customer.name}}, your parcel for {{ticket.number}} is on its way.',
    },
    status: 'pending',
    addTags: ['kargo-yanit'],
    note: '{{ticket.number}}: kargo yanıtı gönderildi',
  },
});

describe('macros', () => {
  it('admins manage them (validated, 403 for agents); agents list and run them', async () => {
    const agent = stack().agentOnlyToken;
    expect((await http('POST', '/macros', { token: agent, body: kargoMacro() })).status).toBe(403);
    const badTeam = await http('POST', '/macros', { body: { name: 'x', actions: { team: 'yok-boyle' } } });
    expect(badTeam.status).toBe(400);
    expect(badTeam.json.error.details.map((d: { path: string }) => d.path)).toEqual(['actions.team']);
    const empty = await http('POST', '/macros', { body: { name: 'x', actions: {} } });
    expect(empty.status).toBe(400);
    const created = await http('POST', '/macros', { body: kargoMacro() });
    expect(created.status).toBe(201);
    const macro = macroSchema.parse(created.json);
    expect(macroListSchema.parse((await http('GET', '/macros', { token: agent })).json).items.map((m) => m.id)).toContain(macro.id);
    const renamed = await http('PUT', `/macros/${macro.id}`, { body: { name: 'Kargo yanıtı (yeni)', actions: macro.actions } });
    expect(renamed.json).toMatchObject({ id: macro.id, name: 'Kargo yanıtı (yeni)', createdAt: macro.createdAt });
    const tooMany = await http('POST', `/macros/${macro.id}/run`, {
      body: { tickets: Array.from({ length: 51 }, (_, i) => String(10001 + i)), requestId: unique('run') },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.details.map((d: { path: string }) => d.path)).toEqual(['tickets']);
    expect((await http('DELETE', `/macros/${macro.id}`)).status).toBe(204);
    expect((await http('POST', `/macros/${macro.id}/run`, { body: { tickets: ['10001'], requestId: unique('run') } })).status).toBe(404);
  });

  it('on one ticket: one macro event naming what changed, the reply sent as an agent reply once, even when the run is retried', async () => {
    const macro = (await http('POST', '/macros', { body: kargoMacro() })).json;
    const t = await chatTicket(unique('mv'), { name: 'Ayşe' });
    const requestId = unique('run');
    const run = await http('POST', `/macros/${macro.id}/run`, { token: stack().agentOnlyToken, body: { tickets: [t.id], requestId } });
    expect(run.status).toBe(200);
    const [result] = macroRunSchema.parse(run.json).results;
    expect(result).toMatchObject({ ticketId: t.id, outcome: 'applied', replied: true });
    expect(result!.changes.map((c) => c.field).sort()).toEqual(['status', 'tags']);

    const retried = await http('POST', `/macros/${macro.id}/run`, { token: stack().agentOnlyToken, body: { tickets: [`#${t.id}`], requestId } });
    expect(retried.json.results[0]).toMatchObject({ ticketId: t.id, outcome: 'already-applied' });

    const items = await timeline(t.id);
    const events = macroEvents(items);
    expect(events).toHaveLength(1);
    expect(events[0].text).toBe(`macro "${macro.name}": tags kargo-yanit, status pending, replied, note`);
    expect(events[0].event.to).toMatchObject({ macro: macro.id, name: macro.name, replied: true });
    expect(replies(items).map((r) => r.text)).toEqual([`Merhaba Ayşe, #${t.number} numaralı talebiniz için kargonuz yolda.`]);
    expect(items.filter((i) => i.kind === 'note').map((n) => n.text)).toEqual([`#${t.number}: kargo yanıtı gönderildi`]);
    const after = (await http('GET', `/tickets/${t.id}`)).json;
    expect(after).toMatchObject({ status: 'pending', tags: ['kargo-yanit'], firstResponder: 'human' });
  });

  it('on several tickets: each gets its changes and one event; a missing ticket fails alone', async () => {
    const macro = (await http('POST', '/macros', { body: { name: unique('Acil'), actions: { priority: 'urgent', addTags: ['toplu'] } } })).json;
    const tickets = await Promise.all([1, 2, 3].map(() => chatTicket(unique('mb'))));
    const run = await http('POST', `/macros/${macro.id}/run`, { body: { tickets: [...tickets.map((t) => t.id), '999999999'], requestId: unique('run') } });
    const results = macroRunSchema.parse(run.json).results;
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'failed']);
    expect(results[3]!.error).toMatch(/does not exist/);
    for (const t of tickets) {
      const items = await timeline(t.id);
      expect(macroEvents(items)).toHaveLength(1);
      expect(replies(items)).toHaveLength(0);
      expect((await http('GET', `/tickets/${t.id}`)).json).toMatchObject({ priority: 'urgent', tags: ['toplu'] });
    }
    // The same macro again, with a new request: nothing left to change, so no new event.
    const again = await http('POST', `/macros/${macro.id}/run`, { body: { tickets: [tickets[0]!.id], requestId: unique('run') } });
    expect(again.json.results[0].outcome).toBe('unchanged');
    expect(macroEvents(await timeline(tickets[0]!.id))).toHaveLength(1);
  });
});
