import { describe, expect, it } from 'vitest';
import { storedExportSchema } from '#agent/routes/exports';
import { openEmailTicket } from '#test/unit/ticket-fixtures';
import { putTickets } from './agent-helpers';
import { EXPORT_TEST_INLINE_MAX_BYTES } from './global-setup';
import { stack, unique } from './helpers';

const BOM = '\uFEFF';

/** Tickets opened in a month no other test writes to, straight into the table (their views included). */
async function seedTickets(month: string, count: number, marker: string): Promise<void> {
  const tickets = Array.from({ length: count }, (_, i) => {
    const at = new Date(Date.parse(`${month}-01T08:00:00.000Z`) + i * 60_000).toISOString();
    return openEmailTicket(at, {
      id: `${marker}-${i}`,
      number: 500_000 + i,
      status: i % 2 ? 'resolved' : 'open',
      channel: i % 3 ? 'email' : 'chat',
      customerId: `${marker}-c${i}`,
      conversationKey: `${marker}-conv${i}`,
      // A formula a spreadsheet would run, quotes, a comma and Turkish letters.
      subject: i === 0 ? '=HYPERLINK("http://evil.example","tıkla")' : `Sipariş ${marker}, "iade" ğüşiöç ${i}`,
      ...(i % 2 ? { resolvedAt: new Date(Date.parse(at) + 90 * 60_000).toISOString(), firstResolvedAt: at } : {}),
    });
  });
  await putTickets(tickets);
}

async function get(path: string, token = stack().info.agentToken) {
  const res = await fetch(`${stack().info.api}${path}`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
  // As bytes: res.text() would drop the byte-order mark the test looks for.
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, text: bytes.toString('utf8') };
}

/** RFC 4180 records (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

describe('CSV exports', () => {
  it("answers a small range's tickets inline: UTF-8 with BOM, RFC 4180 quoting, formulas neutralised", async () => {
    const marker = unique('exp');
    await seedTickets('2019-02', 3, marker);
    const { res, text, bytes } = await get('/exports/tickets?from=2019-02-01&to=2019-02-28');
    expect(res.status, text).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="tickets-2019-02-01-2019-02-28.csv"');
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(text.slice(BOM.length));
    const header = rows[0]!;
    expect(header.slice(0, 6)).toEqual(['ticket', 'created_at', 'updated_at', 'status', 'priority', 'channel']);
    const mine = rows.filter((r) => r[header.indexOf('customer_id')]?.startsWith(marker));
    expect(mine).toHaveLength(3);
    const subject = header.indexOf('subject');
    expect(mine[0]![subject]).toBe(`'=HYPERLINK("http://evil.example","tıkla")`);
    expect(mine[1]![subject]).toBe(`Sipariş ${marker}, "iade" ğüşiöç 1`);
    expect(mine[1]![header.indexOf('resolution_minutes')]).toBe('90');
    expect(mine[0]![header.indexOf('ticket')]).toBe('500000');
  });

  it('writes a range too large for one response to S3 and answers with a short-lived link to the whole file', async () => {
    const marker = unique('big');
    const count = 800;
    await seedTickets('2019-03', count, marker);
    const { res, text } = await get('/exports/tickets?from=2019-03-01&to=2019-03-31');
    expect(res.status, text).toBe(303);
    const body = JSON.parse(text);
    expect(res.headers.get('location')).toBe(body.url);
    expect(body.bytes).toBeGreaterThan(EXPORT_TEST_INLINE_MAX_BYTES);
    expect(body.rows).toBeGreaterThanOrEqual(count);
    const expiresIn = Date.parse(body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(Number(stack().envs.agentApi.EXPORT_LINK_SECONDS) * 1000);
    expect(new URL(body.url).searchParams.get('X-Amz-Expires')).toBe(stack().envs.agentApi.EXPORT_LINK_SECONDS);
    expect(new URL(body.url).pathname).toMatch(/\/exports\/\d{4}-\d{2}-\d{2}\/[\w-]+\/tickets-2019-03-01-2019-03-31\.csv$/);

    const file = await fetch(body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('tickets-2019-03-01-2019-03-31.csv');
    const csv = Buffer.from(await file.arrayBuffer());
    expect(csv.length).toBe(body.bytes);
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv(csv.toString('utf8').slice(BOM.length));
    const customer = rows[0]!.indexOf('customer_id');
    const mine = rows.filter((r) => r[customer]?.startsWith(marker));
    expect(mine).toHaveLength(count);
    // In creation order, every ticket once.
    expect(mine.map((r) => r[0])).toEqual(Array.from({ length: count }, (_, i) => String(500_000 + i)));

    // A script in a browser cannot read a redirect's Location: link=body gives the link in a 201's body.
    const inBody = await get('/exports/tickets?from=2019-03-01&to=2019-03-31&link=body');
    expect(inBody.res.status, inBody.text).toBe(201);
    expect(storedExportSchema.parse(JSON.parse(inBody.text))).toMatchObject({
      rows: body.rows,
      bytes: body.bytes,
      url: expect.stringContaining('tickets-2019-03-01-2019-03-31.csv'),
    });
  });

  it("exports a range's figures as metric, dimension, value rows", async () => {
    const marker = unique('met');
    await seedTickets('2019-04', 4, marker);
    const { res, text } = await get('/exports/metrics?from=2019-04-01&to=2019-04-30');
    expect(res.status, text).toBe(200);
    const rows = parseCsv(text.slice(BOM.length));
    expect(rows[0]).toEqual(['metric', 'dimension', 'value']);
    const value = (metric: string, dimension = '') => rows.find((r) => r[0] === metric && r[1] === dimension)?.[2];
    expect(value('from')).toBe('2019-04-01');
    expect(Number(value('tickets'))).toBeGreaterThanOrEqual(4);
    expect(value('volumeByChannel', 'chat')).toBeDefined();
    expect(value('volumeByDay.total', '2019-04-01')).toBeDefined();
  });

  it('is for admins only', async () => {
    expect((await get('/exports/tickets', stack().agentOnlyToken)).res.status).toBe(403);
    expect((await get('/exports/metrics?from=2019-05-02&to=2019-05-01')).res.status).toBe(400);
  });
});
