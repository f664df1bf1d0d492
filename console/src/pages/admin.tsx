import { AnswersAdmin } from '../admin/answers';
import { CannedAdmin } from '../admin/canned';
import { MacrosAdmin } from '../admin/macros';
import { RulesAdmin } from '../admin/rules';
import { t } from '../i18n';
import '../dashboard/dashboard.css';

/** What admins keep: the agents' canned responses, the bot's answers, routing rules and macros. */
export function Admin() {
  return (
    <div class="admin">
      <h1>{t('navAdmin')}</h1>
      <CannedAdmin />
      <AnswersAdmin />
      <RulesAdmin />
      <MacrosAdmin />
    </div>
  );
}
