import type { Metrics } from '../api';
import { t } from '../i18n';
import { BarTable } from './charts';
import { Figure } from './figure';
import { formatCount, formatRate } from './format';

/** NPS as the agent reads it: signed (+35, −10), a dash without answers. */
export const formatNps = (nps: number | null) => (nps === null ? '—' : nps > 0 ? `+${nps}` : nps < 0 ? `−${-nps}` : '0');

/** The NPS of the surveys sent in the range: the score, the answers and the response rate, and the three classes. */
export function NpsPanel({ n }: { n: Metrics['nps'] }) {
  return (
    <section class="panel" aria-labelledby="nps-title">
      <h2 id="nps-title">{t('dashNps')}</h2>
      <dl class="figures">
        <Figure label={t('dashNpsScore')} value={formatNps(n.nps)} detail={t('dashNpsAnswers', { count: formatCount(n.responses) })} />
        <Figure label={t('dashNpsResponseRate')} value={formatRate(n.responseRate)} detail={t('dashNpsSent', { count: formatCount(n.surveysSent) })} />
      </dl>
      <BarTable
        caption={t('dashNpsClasses')}
        head={[t('dashNpsClass'), t('dashCount')]}
        rows={[
          { label: t('npsPromoters'), value: n.promoters },
          { label: t('npsPassives'), value: n.passives },
          { label: t('npsDetractors'), value: n.detractors },
        ]}
      />
    </section>
  );
}
