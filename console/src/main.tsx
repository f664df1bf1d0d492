import { render } from 'preact';
import { apiClient } from './api';
import { startSession } from './auth/session';
import { loadConfig } from './config';
import { locale, t } from './i18n';
import { Shell } from './shell';
import './styles.css';

async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  document.documentElement.lang = locale.value;
  try {
    const config = await loadConfig();
    const session = await startSession(config.auth);
    // Undefined: the browser is on its way to the sign-in page.
    if (!session) return;
    render(<Shell app={{ api: apiClient(config.apiUrl, session), session, config }} />, root);
  } catch (e) {
    root.textContent = t('error', { message: (e as Error).message });
  }
}

void main();
