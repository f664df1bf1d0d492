import { AnswersAdmin } from '../admin/answers';
import { CannedAdmin } from '../admin/canned';
import { TeamsAdmin } from '../admin/teams';
import { t } from '../i18n';
import '../dashboard/dashboard.css';

/** What admins keep: the agents' canned responses and the bot's answers. */
export function Admin() {
  return (
    <div class="admin">
      <h1>{t('navAdmin')}</h1>
      <CannedAdmin />
      <AnswersAdmin />
      <TeamsAdmin />
    </div>
  );
}
