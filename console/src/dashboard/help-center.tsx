import type { Metrics } from '../api';
import { t } from '../i18n';
import { BarTable, TableWrap } from './charts';
import { Figure } from './figure';
import { formatCount, formatRate } from './format';

type HelpCenter = Metrics['helpCenter'];

/** The help center's figures of the range: views, "Did this help?", searches without result, the widget's suggestions and deflections. */
export function HelpCenterPanel({ h }: { h: HelpCenter }) {
  return (
    <section class="panel" aria-labelledby="help-title">
      <h2 id="help-title">{t('dashHelpCenter')}</h2>
      <dl class="figures">
        <Figure label={t('dashHelpViews')} value={formatCount(h.views)} />
        <Figure
          label={t('dashHelpHelpful')}
          value={formatRate(h.helpfulShare)}
          detail={t('dashHelpVotes', { yes: formatCount(h.helpful), no: formatCount(h.notHelpful) })}
        />
        <Figure label={t('dashHelpMisses')} value={formatCount(h.searchesWithoutResult)} />
        <Figure label={t('dashHelpSuggested')} value={formatCount(h.suggestionsShown)} />
        <Figure label={t('dashHelpOpened')} value={formatCount(h.openedFromWidget)} />
        <Figure
          label={t('dashHelpDeflections')}
          value={formatCount(h.deflections)}
          detail={t('dashHelpDeflectionNote', { rate: formatRate(h.deflectionRate) })}
        />
      </dl>
      <div class="panels">
        <div>
          <h3>{t('dashHelpTopArticles')}</h3>
          {h.topArticles.length ? (
            <TableWrap label={t('dashHelpTopArticles')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('dashHelpArticle')}</th>
                    <th scope="col">{t('dashHelpViews')}</th>
                    <th scope="col">{t('dashHelpHelpful')}</th>
                    <th scope="col">{t('dashHelpDeflections')}</th>
                  </tr>
                </thead>
                <tbody>
                  {h.topArticles.map((a) => (
                    <tr key={`${a.locale}:${a.id}`}>
                      <th scope="row" lang={a.locale}>
                        {a.title ?? t('dashHelpUnpublished', { id: a.id })}
                      </th>
                      <td>{formatCount(a.views)}</td>
                      <td>{t('dashHelpVotes', { yes: formatCount(a.helpful), no: formatCount(a.notHelpful) })}</td>
                      <td>{formatCount(a.deflections)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : (
            <p class="muted">{t('dashNoData')}</p>
          )}
        </div>
        <div>
          <h3>{t('dashHelpMissedQueries')}</h3>
          {h.topMissedQueries.length ? (
            <BarTable
              caption={t('dashHelpMissedQueries')}
              head={[t('dashHelpQuery'), t('dashHelpSearches')]}
              rows={h.topMissedQueries.map((q) => ({ label: `${q.query} (${q.locale})`, value: q.count }))}
            />
          ) : (
            <p class="muted">{t('dashNoData')}</p>
          )}
        </div>
      </div>
    </section>
  );
}
