import { LOCALES } from '../i18n';
import { useEffect, useState } from 'preact/hooks';
import type { components } from '#agent/api-types';
import { must, type CannedResponse } from '../api';
import { useApp } from '../context';

type Team = components['schemas']['Team'];
type AgentProfile = components['schemas']['AgentProfile'];

/** What a rule's or macro's values are chosen from: the bot's intents, the teams, the agents, the canned responses. */
export interface AdminOptions {
  readonly intents: readonly string[];
  readonly teams: readonly Team[];
  readonly agents: readonly AgentProfile[];
  readonly canned: Readonly<Record<string, readonly CannedResponse[]>>;
}

const NONE: AdminOptions = { intents: [], teams: [], agents: [], canned: {} };

/** Loads the choices once for the admin page; a list that cannot be read stays empty (its field then takes what is typed or fails at the API). */
export function useAdminOptions(): AdminOptions {
  const { api } = useApp();
  const [options, setOptions] = useState<AdminOptions>(NONE);
  useEffect(() => {
    const quietly = <T>(p: Promise<T>, fallback: T) => p.catch(() => fallback);
    void Promise.all([
      quietly(
        must(api.GET('/bot/intents')).then((r) => r.intents.map((i) => i.name)),
        [],
      ),
      quietly(
        must(api.GET('/teams')).then((r) => r.items),
        [],
      ),
      quietly(
        must(api.GET('/agents')).then((r) => r.items),
        [],
      ),
      ...LOCALES.map((locale) =>
        quietly(
          must(api.GET('/canned-responses', { params: { query: { locale, limit: 100 } } })).then((r) => r.items),
          [],
        ),
      ),
    ]).then(([intents, teams, agents, ...canned]) =>
      setOptions({ intents, teams, agents, canned: Object.fromEntries(LOCALES.map((l, i) => [l, canned[i] ?? []])) }),
    );
  }, [api]);
  return options;
}
