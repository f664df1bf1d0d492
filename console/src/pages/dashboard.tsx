import { t } from '../i18n';

export function Dashboard() {
  return <h1>{t('navDashboard')}</h1>;
}
