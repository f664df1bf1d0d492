import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '#adapters/dynamodb-client';
import { dynamoTeamStore } from '#adapters/team-directory';
import type { TeamStore } from '#core/teams';
import { tableSchema } from '#definitions/table';
import { ensureTable } from '#local/dynamodb';
import { stack, unique } from './helpers';

let store: TeamStore;
const at = '2026-12-07T10:00:00.000Z';

beforeAll(async () => {
  const { info } = stack();
  const client = { region: info.region, endpoint: info.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const tableName = unique('teams');
  await ensureTable(new DynamoDBClient(client), tableName, tableSchema);
  store = dynamoTeamStore(createDocumentClient(client), tableName);
});

describe('the team directory', () => {
  it('stores, lists, replaces and deletes teams', async () => {
    expect(await store.teams()).toEqual([]);
    const kargo = { id: 'kargo', name: 'Kargo', members: ['a1', 'a2'], lead: 'a1', assignment: 'round-robin' as const, createdAt: at, updatedAt: at };
    await store.putTeam(kargo);
    await store.putTeam({ id: 'iade', name: 'İade', members: [], assignment: 'manual', createdAt: at, updatedAt: at });
    expect(await store.team('kargo')).toEqual(kargo);
    expect((await store.teams()).map((t) => t.id).sort()).toEqual(['iade', 'kargo']);
    await store.putTeam({ ...kargo, members: ['a2'], lead: undefined as never });
    expect((await store.team('kargo'))?.members).toEqual(['a2']);
    expect(await store.deleteTeam('kargo')).toBe(true);
    expect(await store.deleteTeam('kargo')).toBe(false);
    expect(await store.team('kargo')).toBeUndefined();
  });

  it("keeps each agent's profile: presence, capacity, e-mail", async () => {
    await store.putAgent({ agentId: 'a1', name: 'Ayşe', email: 'ayse@shop.localhost', presence: 'available', capacity: 5, updatedAt: at });
    await store.putAgent({ agentId: 'a2', presence: 'away', updatedAt: at });
    expect(await store.agent('a1')).toMatchObject({ presence: 'available', capacity: 5, email: 'ayse@shop.localhost' });
    expect((await store.agents()).map((a) => `${a.agentId}:${a.presence}`).sort()).toEqual(['a1:available', 'a2:away']);
    expect(await store.agent('nobody')).toBeUndefined();
  });
});
