import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLocalStack } from '#local/stack';
import { eventually } from './helpers';

const free = { api: 0, dynamodb: 0, sqs: 0, s3: 0, ses: 0, lex: 0, smtp: 0, social: 0, ws: 0, web: 0, scheduler: 0, lambda: 0, secrets: 0, live: 0 };

describe('destek start --data', () => {
  it('keeps tickets, their SLA timers and the token-signing key across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'destek-data-'));
    const opts = {
      projectRoot: resolve(import.meta.dirname, '../..'),
      dataDir,
      ports: free,
      functionOutput: 'silent' as const,
      envOverrides: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    };
    try {
      const first = await startLocalStack(opts);
      const token = first.info.agentToken;
      let ticketId: string;
      try {
        const visitor = (await (
          await fetch(`${first.info.api}/chat/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
        ).json()) as { token: string };
        const posted = await fetch(`${first.info.api}/chat/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${visitor.token}` },
          body: JSON.stringify({ messageId: 'm1', text: 'Rezalet bir hizmet, şikayetçiyim ve hâlâ bekliyorum.' }),
        });
        expect(posted.status).toBe(202);
        ticketId = await eventually(
          async () => {
            const r = (await (await fetch(`${first.info.api}/tickets`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
              items: { id: string }[];
            };
            return r.items[0]?.id as string | undefined;
          },
          10_000,
          'the ticket',
        );
      } finally {
        await first.stop();
      }
      const second = await startLocalStack(opts);
      try {
        // A token signed by the first run still verifies: the key was kept.
        const r = await fetch(`${second.info.api}/tickets/${ticketId}`, { headers: { authorization: `Bearer ${token}` } });
        expect(r.status).toBe(200);
        expect(((await r.json()) as { timeline: { text: string }[] }).timeline[0]!.text).toBe('Rezalet bir hizmet, şikayetçiyim ve hâlâ bekliyorum.');
        // The complaint went to a person, unanswered: its first-response timer survived the restart.
        const timers = (await (await fetch(`${second.info.scheduler}/_local/schedules`)).json()) as { schedules: { Name: string }[] };
        expect(timers.schedules.map((s) => s.Name)).toContain(`ticket-${ticketId}`);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
