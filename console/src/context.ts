import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api';
import type { AuthSession } from './auth/session';
import type { ConsoleConfig } from './config';

/** What every page works with: the typed API, the signed-in agent and where the console runs. */
export interface AppContext {
  readonly api: Api;
  readonly session: AuthSession;
  readonly config: ConsoleConfig;
}

export const App = createContext<AppContext | undefined>(undefined);

export function useApp(): AppContext {
  const app = useContext(App);
  if (!app) throw new Error('useApp outside the app');
  return app;
}
