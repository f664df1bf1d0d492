import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '#config/config';
import { runtimeSettings } from '#config/settings';
import { assignmentDepsFromEnv } from '#wiring/assignment';
import { createDocumentClient } from '#adapters/dynamodb-client';

const withRouting = (routing: unknown) => ({ ...JSON.parse(JSON.stringify(loadConfig())), routing });

describe('routing.defaultTeam in the configuration', () => {
  it('reaches the functions that assign as DEFAULT_TEAM, and only when set', () => {
    const env = runtimeSettings(parseConfig(withRouting({ defaultTeam: 'destek' }), 'test'), ['tickets']);
    expect(env.DEFAULT_TEAM).toBe('destek');
    expect(runtimeSettings(parseConfig(withRouting({}), 'test'), ['tickets'])).not.toHaveProperty('DEFAULT_TEAM');
    const db = createDocumentClient({ region: 'eu-central-1', endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    expect(assignmentDepsFromEnv(db, { TABLE_NAME: 't', DEFAULT_TEAM: 'destek' }).defaultTeam).toBe('destek');
    expect(assignmentDepsFromEnv(db, { TABLE_NAME: 't' })).not.toHaveProperty('defaultTeam');
  });

  it('refuses a team id the team routes would refuse', () => {
    expect(() => parseConfig(withRouting({ defaultTeam: 'Kargo Ekibi' }), 'test')).toThrow(/routing\.defaultTeam/);
    expect(() => parseConfig(withRouting({ team: 'x' }), 'test')).toThrow(/routing/);
  });
});
