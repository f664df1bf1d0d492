import { AnswersAdmin } from '../admin/answers';
import { AuditAdmin } from '../admin/audit';
import { CannedAdmin } from '../admin/canned';
import { ExportsAdmin } from '../admin/exports';
import { t } from '../i18n';
import '../dashboard/dashboard.css';

/** What admins keep: the agents' canned responses, the bot's answers, the audit trail and exports. */
export function Admin() {
  return (
    <div class="admin">
      <h1>{t('navAdmin')}</h1>
      <CannedAdmin />
      <AnswersAdmin />
      <AuditAdmin />
      <ExportsAdmin />
    </div>
  );
}
