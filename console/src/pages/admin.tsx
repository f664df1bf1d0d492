import { useAdminOptions } from '../admin/admin-options';
import { AnswersAdmin } from '../admin/answers';
import { ArticlesAdmin } from '../admin/articles';
import { AuditAdmin } from '../admin/audit';
import { CannedAdmin } from '../admin/canned';
import { ExportsAdmin } from '../admin/exports';
import { MacrosAdmin } from '../admin/macros';
import { RulesAdmin } from '../admin/rules';
import { TeamsAdmin } from '../admin/teams';
import { t } from '../i18n';

/** What admins keep: teams and agents, canned responses, the bot's answers, routing rules and macros, help-center articles, the audit trail and exports. */
export function Admin() {
  // Read once for both sections that choose from them.
  const options = useAdminOptions();
  return (
    <div class="admin">
      <h1>{t('navAdmin')}</h1>
      <TeamsAdmin />
      <CannedAdmin />
      <AnswersAdmin />
      <RulesAdmin options={options} />
      <MacrosAdmin options={options} />
      <ArticlesAdmin />
      <AuditAdmin />
      <ExportsAdmin />
    </div>
  );
}
