import { t } from '../i18n';

export function Admin() {
  return <h1>{t('navAdmin')}</h1>;
}
