import { QueryCommand } from '#adapters/aws/dynamodb';
import { describe, expect, it } from 'vitest';
import { PutCommand } from '#adapters/aws/dynamodb';
import { customerItem } from '#adapters/table-keys';
import { db } from './agent-helpers';
import { eventually, http, stack, unique } from './helpers';

const today = () => new Date().toISOString().slice(0, 10);

/** The audit records of an action on a target, newest first, as GET /audit lists them. */
async function auditOf(action: string, target?: string, token?: string) {
  const r = await http('GET', `/audit?from=${today()}&action=${encodeURIComponent(action)}&limit=100`, token ? { token } : {});
  expect(r.status, r.text).toBe(200);
  return (r.json.items as any[]).filter((i) => target === undefined || i.target === target);
}

async function putCustomer(id: string, name: string) {
  await db().send(
    new PutCommand({ TableName: stack().info.tableName, Item: customerItem({ id, name, email: `${id}@example.com`, createdAt: new Date().toISOString() }) }),
  );
}

describe('the audit trail', () => {
  it('records an admin merge with who, when, before and after, and no personal data', async () => {
    const into = unique('c_cust');
    const from = unique('c_cust');
    await putCustomer(into, 'Ayşe Yılmaz');
    await putCustomer(from, 'Ayşe Y.');
    const merged = await http('POST', `/customers/${into}/merge`, { body: { from } });
    expect(merged.status, merged.text).toBe(200);

    const [record] = await auditOf('POST /customers/{id}/merge', into);
    expect(record).toMatchObject({
      actor: { id: 'local-agent', email: 'agent@destek.local' },
      action: 'POST /customers/{id}/merge',
      target: into,
      status: 200,
      before: { into: { id: into, identities: 0 }, from: { id: from, identities: 0 } },
      after: { into, from, moved: { identities: 0, tickets: 0, interactions: 0 } },
    });
    expect(Date.now() - Date.parse(record.at)).toBeLessThan(60_000);
    expect(JSON.stringify(record)).not.toMatch(/Ayşe|example\.com/);
  });

  it('records a canned-response change with the text before and after', async () => {
    const created = await http('POST', '/canned-responses', { body: { locale: 'tr', title: 'Kargo', text: 'Kargonuz yolda.' } });
    expect(created.status, created.text).toBe(201);
    const target = `tr/${created.json.id}`;
    const changed = await http('PUT', `/canned-responses/tr/${created.json.id}`, { body: { title: 'Kargo', text: 'Kargonuz bugün teslim edilecek.' } });
    expect(changed.status, changed.text).toBe(200);

    const [put] = await auditOf('PUT /canned-responses/{locale}/{id}', target);
    expect(put.before).toMatchObject({ text: 'Kargonuz yolda.' });
    expect(put.after).toMatchObject({ text: 'Kargonuz bugün teslim edilecek.' });
    const creations = (await auditOf('POST /canned-responses')).filter((r) => r.after?.id === created.json.id);
    expect(creations).toHaveLength(1);
    expect(creations[0].before).toBeUndefined();
  });

  it("leaves no record of an agent's forbidden attempt, nor of a refused action", async () => {
    const into = unique('c_cust');
    await putCustomer(into, 'Can');
    const forbidden = await http('POST', `/customers/${into}/merge`, { body: { from: unique('c_cust') }, token: stack().agentOnlyToken });
    expect(forbidden.status).toBe(403);
    const missing = await http('POST', `/customers/${into}/merge`, { body: { from: unique('c_nobody') } });
    expect(missing.status).toBe(404);
    expect(await auditOf('POST /customers/{id}/merge', into)).toEqual([]);
    // Agents cannot read the trail.
    expect((await http('GET', '/audit', { token: stack().agentOnlyToken })).status).toBe(403);
  });

  it('records a sign-in through the same trigger Cognito runs, and keeps each record for the retention period (TTL)', async () => {
    const since = new Date().toISOString();
    const res = await fetch(`${stack().info.web}/console/local-sign-in`, { method: 'POST', body: JSON.stringify({ as: 'admin' }) });
    expect(res.status).toBe(200);
    const signIn = await eventually(
      async () => (await auditOf('sign-in')).find((r) => r.actor.id === 'local-admin' && r.at >= since),
      5000,
      'the sign-in record',
    );
    expect(signIn).toMatchObject({ actor: { id: 'local-admin', email: 'admin@destek.local' }, action: 'sign-in', status: 200, via: 'cognito:local' });

    const month = signIn.at.slice(0, 7);
    const stored = await db().send(
      new QueryCommand({
        TableName: stack().info.tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': `AUDIT#${month}`, ':sk': `${signIn.at}#${signIn.id}` },
      }),
    );
    const item = stored.Items?.[0];
    const retentionDays = Number(stack().envs.agentApi.AUDIT_RETENTION_DAYS);
    expect(retentionDays).toBe(365);
    expect(item?.expiresAt).toBe(Math.floor(Date.parse(signIn.at) / 1000) + retentionDays * 86_400);
  });

  it('filters by actor and pages newest first without repeating a record', async () => {
    for (let i = 0; i < 3; i++)
      expect((await http('POST', '/canned-responses', { body: { locale: 'en', title: `T${i}`, text: `text ${i}` } })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await http('GET', `/audit?from=${today()}&actor=agent@destek.local&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status, r.text).toBe(200);
      for (const item of r.json.items) {
        expect(item.actor.email).toBe('agent@destek.local');
        seen.push(`${item.at}#${item.id}`);
      }
      cursor = r.json.next;
      pages++;
    } while (cursor && pages < 200);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect((await http('GET', '/audit?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
  });
});
